import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { IocRecord } from "@taxiway/core";
import { runSinkConformance, sampleRecord, sampleRecords, testSinkContext } from "@taxiway/testkit";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { connector, type OpenSearchSinkConfig } from "../src/index.js";
import { type Cluster, startCluster } from "./cluster.js";

const started = await startCluster();
const skip = "skip" in started ? started.skip : undefined;
if (skip) console.warn(`opensearch tests skipped: ${skip}`);
const cluster = started as Cluster;
afterAll(() => (skip ? undefined : cluster.stop()));
let indexCounter = 0;

async function os(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${cluster.url}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return (await response.json()) as Record<string, unknown>;
}

interface Hit {
  _id: string;
  _version: number;
  _source: Record<string, unknown>;
}

async function held(index: string) {
  await os("POST", `/${index}/_refresh`);
  const result = await os("POST", `/${index}/_search?version=true`, {
    size: 10_000,
    query: { match_all: {} },
  });
  const hits = ((result.hits as { hits?: Hit[] } | undefined)?.hits ?? []) as Hit[];
  return hits.map((hit) => ({ key: hit._id, source: hit._source, version: hit._version }));
}

async function count(index: string, query?: unknown): Promise<number> {
  await os("POST", `/${index}/_refresh`);
  return (await os("POST", `/${index}/_count`, query ? { query } : undefined)).count as number;
}

/** A loopback server standing in for a cluster that answers every request with `status` and `body`. */
async function answering(status: number, body: unknown): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_, response) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(skip !== undefined)("opensearch sink against a real cluster", () => {
  let index: string;
  beforeEach(async () => {
    index = `iocs-test-${process.pid}-${++indexCounter}`;
    await os("DELETE", `/${index}`);
  });

  const sinkFor = (config: Partial<OpenSearchSinkConfig> = {}) =>
    connector.create({ node: cluster.url, index, ...config }, testSinkContext());

  it("check() names the distribution and version; an Elasticsearch or a 401 at the URL is a clear refusal", async () => {
    const sink = sinkFor();
    expect(await sink.check()).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^opensearch 2\.19/),
    });
    await sink.close();
    const elastic = await answering(200, { version: { number: "8.19.2", build_flavor: "default" } });
    const wrong = connector.create({ node: elastic.url, index }, testSinkContext());
    expect(await wrong.check()).toMatchObject({
      ok: false,
      message: expect.stringContaining(
        "not OpenSearch (it reports version 8.19.2; for Elasticsearch use type: elasticsearch)",
      ),
    });
    await wrong.close();
    await elastic.close();
  });

  it("writes ECS documents with _id = record key, as the Elasticsearch sink does", async () => {
    const sink = sinkFor();
    await sink.open();
    const record: IocRecord = {
      ...sampleRecord(1),
      type: "url",
      value: "https://evil.example/a",
      labels: ["phishing"],
    };
    expect((await sink.write([record])).outcomes[0]?.status).toBe("delivered");
    await sink.close();
    const [doc] = await held(index);
    expect(doc?.key).toBe(record.key);
    expect(doc?.source).toMatchObject({
      event: { kind: "enrichment", category: ["threat"], type: ["indicator"] },
      tags: ["phishing"],
      threat: { indicator: { type: "url", url: { full: "https://evil.example/a" } } },
    });
  });

  it("a replayed or older version never overwrites a newer one (external versioning, 409 = delivered)", async () => {
    const sink = sinkFor();
    await sink.open();
    const newer = sampleRecord(7, { modified: "2026-06-01T00:00:00.000Z", name: "newer" });
    const older = { ...newer, modified: "2026-01-01T00:00:00.000Z", name: "older" };
    for (const record of [newer, older, newer])
      expect((await sink.write([record])).outcomes[0]?.status).toBe("delivered");
    await sink.close();
    const docs = (await held(index)).filter((d) => d.key === newer.key);
    expect(docs).toHaveLength(1);
    expect(docs[0]?.version).toBe(Date.parse("2026-06-01T00:00:00.000Z"));
    expect((docs[0]?.source.taxiway as { stix_name?: string } | undefined)?.stix_name).toBe("newer");
  });

  it("revoked indicators are deleted, or kept flagged with on_revoked: flag", async () => {
    const sink = sinkFor();
    const flagging = sinkFor({ on_revoked: "flag" });
    await sink.open();
    const live = sampleRecord(20, { modified: "2026-01-01T00:00:00.000Z" });
    const other = sampleRecord(21, { modified: "2026-01-01T00:00:00.000Z" });
    await sink.write([live, other]);
    const revoke = (r: IocRecord): IocRecord => ({
      ...r,
      modified: "2026-02-01T00:00:00.000Z",
      action: "delete",
      revoked: true,
    });
    expect((await sink.write([revoke(live)])).outcomes[0]?.status).toBe("delivered");
    expect((await flagging.write([revoke(other)])).outcomes[0]?.status).toBe("delivered");
    const docs = await held(index);
    expect(docs.some((d) => d.key === live.key)).toBe(false);
    const flagged = docs.find((d) => d.key === other.key);
    expect((flagged?.source.taxiway as { revoked?: boolean } | undefined)?.revoked).toBe(true);
    await sink.close();
    await flagging.close();
  });

  it("a document the mapping rejects is permanent (dead-lettered) with an OPENSEARCH_ code; the rest lands", async () => {
    const sink = sinkFor();
    await sink.open();
    const bad: IocRecord = { ...sampleRecord(200), type: "ipv4", value: "not-an-ip" };
    const result = await sink.write([...sampleRecords(3, 100), bad]);
    expect(result.outcomes.map((o) => o.status)).toEqual([
      "delivered",
      "delivered",
      "delivered",
      "permanent",
    ]);
    expect(result.outcomes[3]).toMatchObject({ error: { code: "OPENSEARCH_MAPPER_PARSING_EXCEPTION" } });
    await sink.close();
  });

  it("20,000 IOCs: a replay changes nothing, an older page never wins, revoked ones are deleted", async () => {
    const sink = sinkFor({ flush_bytes: 2_000_000, concurrency: 2 });
    await sink.open();
    const pageOf = (page: number, modified: string, extra: Partial<IocRecord> = {}) =>
      sampleRecords(1000, page * 1000).map((r) => ({ ...r, modified, ...extra }));
    const deliverAll = async (records: IocRecord[]) => {
      const result = await sink.write(records);
      expect(result.outcomes.filter((o) => o.status !== "delivered")).toEqual([]);
    };
    const [v1, v2, v3] = ["2026-01-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z", "2026-05-01T00:00:00.000Z"];
    for (let page = 0; page < 20; page++) await deliverAll(pageOf(page, v1));
    for (let page = 0; page < 5; page++) await deliverAll(pageOf(page, v2));
    for (let page = 0; page < 20; page++) await deliverAll(pageOf(page, v1));
    expect(await count(index)).toBe(20_000);
    expect(await count(index, { range: { "threat.indicator.modified_at": { gte: v2 } } })).toBe(5_000);
    for (let page = 0; page < 2; page++)
      await deliverAll(pageOf(page, v3, { action: "delete", revoked: true }));
    expect(await count(index)).toBe(18_000);
    await sink.close();
  });

  it("a template clash is a config error that says how to resolve it; template.priority resolves it", async () => {
    const other = `${index}-clash`;
    await os("DELETE", `/${other}`);
    await os("PUT", `/_index_template/${other}-foreign`, { index_patterns: [other], priority: 200 });
    const clashing = connector.create({ node: cluster.url, index: other }, testSinkContext());
    await expect(clashing.open()).rejects.toMatchObject({
      retryable: false,
      code: "CONFIG_OPENSEARCH_TEMPLATE",
      message: expect.stringContaining("template.priority"),
    });
    await clashing.close();
    const resolved = connector.create(
      { node: cluster.url, index: other, template: { priority: 300 } },
      testSinkContext(),
    );
    await resolved.open();
    await resolved.close();
    expect((await fetch(`${cluster.url}/${other}`, { method: "HEAD" })).status).toBe(200);
  });

  it("the installed template maps fields as ECS says", async () => {
    const sink = sinkFor();
    await sink.open();
    await sink.close();
    const fields = [
      "threat.indicator.ip",
      "threat.indicator.first_seen",
      "threat.indicator.file.hash.sha256",
      "threat.indicator.as.number",
      "related.ip",
      "event.kind",
    ];
    const mapping = (await os("GET", `/${index}/_mapping/field/${fields.join(",")}`)) as Record<
      string,
      { mappings: Record<string, { mapping: Record<string, { type?: string }> }> }
    >;
    const typeOf = (field: string) =>
      mapping[index]?.mappings[field]?.mapping[field.split(".").at(-1) as string]?.type;
    expect(fields.map(typeOf)).toEqual(["ip", "date", "keyword", "long", "ip", "keyword"]);
  });
});

if (!skip) {
  // The test distribution has no security plugin: bad credentials are stood in for by a server that answers 401.
  const refusing = await answering(401, {
    error: { type: "security_exception", reason: "unauthorized" },
    status: 401,
  });
  afterAll(() => refusing.close());
  await runSinkConformance<OpenSearchSinkConfig>({
    descriptor: connector,
    config: (env) => ({
      node: env.proxyUrl ?? cluster.url,
      index: "iocs-conformance",
      concurrency: 2,
      flush_bytes: 300_000,
    }),
    badConfig: () => ({
      node: refusing.url,
      index: "iocs-conformance",
      auth: { username: "taxiway", password: "wrong-password-123" },
    }),
    readBack: async () => {
      await os("POST", "/iocs-conformance/_refresh").catch(() => undefined);
      const result = await os("POST", "/iocs-conformance/_search", {
        size: 10_000,
        query: { match_all: {} },
      });
      const hits = ((result.hits as { hits?: Hit[] } | undefined)?.hits ?? []) as Hit[];
      return hits.map((hit) => ({
        key: hit._id,
        modified: (hit._source as { threat: { indicator: { modified_at?: string } } }).threat.indicator
          .modified_at,
      }));
    },
    reset: async () => {
      await os("DELETE", "/iocs-conformance").catch(() => undefined);
    },
    secrets: ["auth.password"],
    semantics: "keyed",
    memory: { records: 20_000 },
    http: {
      upstream: () => cluster.url,
      maxInFlight: 2,
      faultBody: (status) => ({
        error: {
          type: status === 429 ? "rejected_execution_exception" : "illegal_argument_exception",
          reason: "injected",
        },
        status,
      }),
      injectPartialFailure: (proxy) =>
        proxy.inject({
          status: 200,
          times: 1,
          headers: { "content-type": "application/json" },
          body: {
            errors: true,
            took: 1,
            items: Array.from({ length: 10 }, (_, i) =>
              i < 5
                ? { index: { status: 201 } }
                : {
                    index: {
                      status: i % 2 ? 429 : 400,
                      error: {
                        type: i % 2 ? "rejected_execution_exception" : "mapper_parsing_exception",
                        reason: "injected",
                      },
                    },
                  },
            ),
          },
        }),
    },
  });
}
