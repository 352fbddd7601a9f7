import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { IocRecord } from "@taxiway/core";
import {
  describeDeliveryFaults,
  describeSearchIndexSink,
  runSinkConformance,
  sampleRecord,
  searchBulkFaults,
  searchRestProbe,
  testSinkContext,
} from "@taxiway/testkit";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { connector, type OpenSearchSinkConfig } from "../src/index.js";
import { type Cluster, startCluster } from "./cluster.js";

const started = await startCluster();
const skip = "skip" in started ? started.skip : undefined;
if (skip) console.warn(`opensearch tests skipped: ${skip}`);
const cluster = started as Cluster;
afterAll(() => (skip ? undefined : cluster.stop()));
let indexCounter = 0;

const probe = searchRestProbe(cluster.url ?? "");

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
    await probe.deleteIndex(index);
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
    const [doc] = await probe.documents(index);
    expect(doc?.key).toBe(record.key);
    expect(doc?.source).toMatchObject({
      event: { kind: "enrichment", category: ["threat"], type: ["indicator"] },
      tags: ["phishing"],
      threat: { indicator: { type: "url", url: { full: "https://evil.example/a" } } },
    });
  });
});

if (!skip) {
  describeSearchIndexSink<OpenSearchSinkConfig>({
    product: "opensearch",
    code: "OPENSEARCH",
    descriptor: connector,
    config: (index, extra) => ({ node: cluster.url, index, ...extra }),
    probe,
  });

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
    readBack: () => probe.heldRecords("iocs-conformance"),
    reset: () => probe.deleteIndex("iocs-conformance"),
    secrets: ["auth.password"],
    semantics: "keyed",
    memory: { records: 20_000 },
    http: searchBulkFaults({ upstream: () => cluster.url, rejectedType: "rejected_execution_exception" }),
  });

  // A failed bulk and its retry: the wrapper fails calls before the sink, after it (a lost answer) and half-way.
  await describeDeliveryFaults<OpenSearchSinkConfig>({
    descriptor: connector,
    config: () => ({
      node: cluster.url,
      index: "iocs-delivery-faults",
      concurrency: 2,
    }),
    readBack: async () => (await probe.heldRecords("iocs-delivery-faults")).map((held) => held.key),
    reset: () => probe.deleteIndex("iocs-delivery-faults"),
    semantics: "exactly-once",
    numRuns: 6,
  });
}
