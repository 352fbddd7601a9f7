import { Client } from "@elastic/elasticsearch";
import type { IocRecord } from "@taxiway/core";
import { runSinkConformance, sampleRecord, sampleRecords, testSinkContext } from "@taxiway/testkit";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { connector, type ElasticsearchSinkConfig } from "../src/index.js";
import { type Cluster, READER, startCluster } from "./cluster.js";

const started = await startCluster();
const skip = "skip" in started ? started.skip : undefined;
if (skip) console.warn(`elasticsearch tests skipped: ${skip}`);
const cluster = started as Cluster;
afterAll(() => (skip ? undefined : cluster.stop()));
const es = skip ? undefined : new Client({ node: cluster.url, auth: cluster.auth });
let indexCounter = 0;

async function held(index: string) {
  await es?.indices.refresh({ index });
  const result = await es?.search({ index, size: 10_000, version: true, query: { match_all: {} } });
  return (result?.hits.hits ?? []).map((hit) => ({
    key: hit._id as string,
    source: hit._source as Record<string, unknown>,
    version: hit._version,
  }));
}

describe.skipIf(skip !== undefined)("elasticsearch sink against a real cluster", () => {
  let index: string;
  beforeEach(async () => {
    index = `iocs-test-${process.pid}-${++indexCounter}`;
    await es?.indices.delete({ index }).catch(() => undefined);
  });

  const sinkFor = (config: Partial<ElasticsearchSinkConfig> = {}) =>
    connector.create({ node: cluster.url, index, auth: cluster.auth, ...config }, testSinkContext());

  it("writes ECS documents with _id = record key that Indicator Match rules understand", async () => {
    const sink = sinkFor();
    await sink.open();
    const record: IocRecord = {
      ...sampleRecord(1),
      type: "url",
      value: "https://evil.example:8443/a/b?x=1",
      confidence: 85,
      tlp: "amber",
      tlp_version: "2.0",
      labels: ["phishing"],
      external_references: [{ source_name: "vendor", url: "https://intel.example/r/1" }],
    };
    const result = await sink.write([record]);
    expect(result.outcomes[0]?.status).toBe("delivered");
    await sink.close();
    const [doc] = await held(index);
    expect(doc?.key).toBe(record.key);
    expect(doc?.source).toMatchObject({
      event: { kind: "enrichment", category: ["threat"], type: ["indicator"] },
      tags: ["phishing"],
      threat: {
        feed: { name: record.source_feed },
        indicator: {
          type: "url",
          confidence: "High",
          marking: { tlp: "AMBER", tlp_version: "2.0" },
          reference: "https://intel.example/r/1",
          url: {
            full: record.value,
            scheme: "https",
            domain: "evil.example",
            port: 8443,
            path: "/a/b",
            query: "x=1",
          },
        },
      },
    });
    const mapping = await es?.indices.getMapping({ index });
    expect(JSON.stringify(mapping)).toContain('"ip":{"type":"ip"}');
  });

  it("check() confirms the cluster and the right to write; a read-only user is told it may not", async () => {
    const good = await sinkFor().check();
    expect(good.ok, good.message).toBe(true);
    expect(good.message).toMatch(/elasticsearch 8\.\d+\.\d+ \(default\): reachable/);
    const readOnly = await sinkFor({ auth: READER }).check();
    expect(readOnly.ok).toBe(false);
    expect(readOnly.message).toContain(`may not write index ${index}`);
    expect(readOnly.message).not.toContain(READER.password);
  });

  it("open() without the right to install templates is a config error naming the privileges", async () => {
    await expect(sinkFor({ auth: READER }).open()).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining("manage_index_templates"),
    });
  });

  it("a replayed or older version never overwrites a newer one (external versioning, 409 = delivered)", async () => {
    const sink = sinkFor();
    await sink.open();
    const newer = sampleRecord(7, { modified: "2026-06-01T00:00:00.000Z", name: "newer" });
    const older = { ...newer, modified: "2026-01-01T00:00:00.000Z", name: "older" };
    expect((await sink.write([newer])).outcomes[0]?.status).toBe("delivered");
    expect((await sink.write([older])).outcomes[0]?.status).toBe("delivered");
    expect((await sink.write([newer])).outcomes[0]?.status).toBe("delivered");
    await sink.close();
    const docs = (await held(index)).filter((d) => d.key === newer.key);
    expect(docs).toHaveLength(1);
    expect(docs[0]?.version).toBe(Date.parse("2026-06-01T00:00:00.000Z"));
    expect((docs[0]?.source.taxiway as { stix_name?: string } | undefined)?.stix_name).toBe("newer");
  });

  it("revoked indicators are deleted, or kept flagged with on_revoked: flag", async () => {
    const sink = sinkFor();
    await sink.open();
    const live = sampleRecord(20, { modified: "2026-01-01T00:00:00.000Z" });
    await sink.write([live]);
    const revoked = {
      ...live,
      modified: "2026-02-01T00:00:00.000Z",
      action: "delete" as const,
      revoked: true,
    };
    expect((await sink.write([revoked])).outcomes[0]?.status).toBe("delivered");
    expect((await held(index)).some((d) => d.key === live.key)).toBe(false);
    const flagging = sinkFor({ on_revoked: "flag" });
    const other = sampleRecord(21, { modified: "2026-01-01T00:00:00.000Z" });
    await flagging.write([other]);
    await flagging.write([
      { ...other, modified: "2026-02-01T00:00:00.000Z", action: "delete", revoked: true },
    ]);
    const flagged = (await held(index)).find((d) => d.key === other.key);
    expect((flagged?.source.taxiway as { revoked?: boolean } | undefined)?.revoked).toBe(true);
    await sink.close();
    await flagging.close();
  });

  it("a document the mapping rejects is permanent (dead-lettered); the rest of the batch lands", async () => {
    const sink = sinkFor();
    await sink.open();
    const good = sampleRecords(3, 100);
    const bad: IocRecord = { ...sampleRecord(200), type: "ipv4", value: "not-an-ip" };
    const result = await sink.write([...good, bad]);
    expect(result.outcomes.map((o) => o.status)).toEqual([
      "delivered",
      "delivered",
      "delivered",
      "permanent",
    ]);
    await sink.close();
  });

  it("50,000 IOCs: a replay changes nothing, an older page never wins, revoked ones are deleted", async () => {
    const sink = sinkFor({ flush_bytes: 2_000_000, concurrency: 2 });
    await sink.open();
    const pages = 50;
    const pageOf = (page: number, modified: string, extra: Partial<IocRecord> = {}) =>
      sampleRecords(1000, page * 1000).map((r) => ({ ...r, modified, ...extra }));
    const deliverAll = async (records: IocRecord[]) => {
      const result = await sink.write(records);
      expect(result.outcomes.filter((o) => o.status !== "delivered")).toEqual([]);
    };
    const [v1, v2, v3] = ["2026-01-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z", "2026-05-01T00:00:00.000Z"];
    for (let page = 0; page < pages; page++) await deliverAll(pageOf(page, v1));
    for (let page = 0; page < 10; page++) await deliverAll(pageOf(page, v2));
    // The whole feed again at the old version, as after a crash before the checkpoint moved: every 409 is "delivered".
    for (let page = 0; page < pages; page++) await deliverAll(pageOf(page, v1));
    const count = async (query?: Record<string, unknown>) => {
      await es?.indices.refresh({ index });
      return (await es?.count({ index, ...(query ? { query } : {}) }))?.count;
    };
    expect(await count()).toBe(50_000);
    expect(await count({ range: { "threat.indicator.modified_at": { gte: v2 } } })).toBe(10_000);
    for (let page = 0; page < 2; page++)
      await deliverAll(pageOf(page, v3, { action: "delete", revoked: true }));
    expect(await count()).toBe(48_000);
    await sink.close();
  });

  it("a template clash is a config error that says how to resolve it; template.priority resolves it", async () => {
    const other = `${index}-clash`;
    await es?.indices.putIndexTemplate({ name: `${other}-foreign`, index_patterns: [other], priority: 200 });
    const clashing = connector.create(
      { node: cluster.url, index: other, auth: cluster.auth },
      testSinkContext(),
    );
    await expect(clashing.open()).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining("template.priority"),
    });
    await clashing.close();
    const resolved = connector.create(
      { node: cluster.url, index: other, auth: cluster.auth, template: { priority: 300 } },
      testSinkContext(),
    );
    await resolved.open();
    await resolved.close();
    expect(await es?.indices.exists({ index: other })).toBe(true);
  });

  it("the installed template maps fields as ECS says", async () => {
    const sink = sinkFor();
    await sink.open();
    await sink.close();
    const fields = await es?.indices.getFieldMapping({
      index,
      fields: [
        "threat.indicator.ip",
        "threat.indicator.first_seen",
        "threat.indicator.file.hash.sha256",
        "threat.indicator.as.number",
        "threat.indicator.url.full",
        "related.ip",
        "event.kind",
      ],
    });
    const typeOf = (field: string) => {
      const mapping = fields?.[index]?.mappings[field]?.mapping as
        | Record<string, { type?: string }>
        | undefined;
      return mapping?.[field.split(".").at(-1) as string]?.type;
    };
    expect(typeOf("threat.indicator.ip")).toBe("ip");
    expect(typeOf("threat.indicator.first_seen")).toBe("date");
    expect(typeOf("threat.indicator.file.hash.sha256")).toBe("keyword");
    expect(typeOf("threat.indicator.as.number")).toBe("long");
    expect(typeOf("threat.indicator.url.full")).toBe("keyword");
    expect(typeOf("related.ip")).toBe("ip");
    expect(typeOf("event.kind")).toBe("keyword");
  });
});

if (!skip) {
  await runSinkConformance<ElasticsearchSinkConfig>({
    descriptor: connector,
    config: (env) => ({
      node: env.proxyUrl ?? cluster.url,
      index: "iocs-conformance",
      auth: cluster.auth,
      concurrency: 2,
      flush_bytes: 300_000,
    }),
    badConfig: (env) => ({
      node: env.proxyUrl ?? cluster.url,
      index: "iocs-conformance",
      auth: { username: cluster.auth.username, password: "wrong-password-123" },
    }),
    readBack: async () => {
      await es?.indices.refresh({ index: "iocs-conformance" }).catch(() => undefined);
      const result = await es
        ?.search({ index: "iocs-conformance", size: 10_000, query: { match_all: {} } })
        .catch(() => undefined);
      return (result?.hits.hits ?? []).map((hit) => ({
        key: hit._id as string,
        modified: (hit._source as { threat: { indicator: { modified_at?: string } } }).threat.indicator
          .modified_at,
      }));
    },
    reset: async () => {
      await es?.indices.delete({ index: "iocs-conformance" }).catch(() => undefined);
    },
    secrets: ["auth.password", "auth.api_key", "auth.bearer"],
    semantics: "keyed",
    memory: { records: 20_000 },
    http: {
      upstream: () => cluster.url,
      maxInFlight: 2,
      faultBody: (status) => ({
        error: {
          type: status === 429 ? "es_rejected_execution_exception" : "illegal_argument_exception",
          reason: "injected",
        },
        status,
      }),
      injectPartialFailure: (proxy) =>
        proxy.inject({
          status: 200,
          times: 1,
          headers: { "x-elastic-product": "Elasticsearch", "content-type": "application/json" },
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
                        type: i % 2 ? "es_rejected_execution_exception" : "mapper_parsing_exception",
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
