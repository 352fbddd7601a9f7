import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ConnectorDescriptor,
  createLogger,
  FileCheckpointStore,
  type IocRecord,
  type JobConfig,
  mispFeedSource,
  runJob,
  type SourceConfig,
} from "@taxiway/core";
import {
  describeDeliveryFaults,
  describeSearchIndexSink,
  mispFixtureEvents,
  runSinkConformance,
  sampleRecord,
  searchBulkFaults,
  searchRestProbe,
  startMispFeedServer,
  testSinkContext,
} from "@taxiway/testkit";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { connector, type ElasticsearchSinkConfig } from "../src/index.js";
import { type Cluster, READER, startCluster } from "./cluster.js";

const started = await startCluster();
const skip = "skip" in started ? started.skip : undefined;
const cluster = started as Cluster;
afterAll(() => (skip ? undefined : cluster.stop()));
const probe = searchRestProbe(cluster.url ?? "", {
  authorization: `Basic ${Buffer.from(`${cluster.auth?.username}:${cluster.auth?.password}`).toString("base64")}`,
});
let indexCounter = 0;

describe.skipIf(skip !== undefined)("elasticsearch sink against a real cluster", () => {
  let index: string;
  beforeEach(async () => {
    index = `iocs-test-${process.pid}-${++indexCounter}`;
    await probe.deleteIndex(index);
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
    const [doc] = await probe.documents(index);
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
    const mapping = await probe.call("GET", `/${index}/_mapping`);
    expect(JSON.stringify(mapping.json)).toContain('"ip":{"type":"ip"}');
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
});

if (!skip) {
  describeSearchIndexSink<ElasticsearchSinkConfig>({
    product: "elasticsearch",
    code: "ES",
    descriptor: connector,
    config: (index, extra) => ({ node: cluster.url, index, auth: cluster.auth, ...extra }),
    probe,
    volume: 50_000,
  });

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
    readBack: () => probe.heldRecords("iocs-conformance"),
    reset: () => probe.deleteIndex("iocs-conformance"),
    secrets: ["auth.password", "auth.api_key", "auth.bearer"],
    semantics: "keyed",
    memory: { records: 20_000 },
    http: searchBulkFaults({
      upstream: () => cluster.url,
      rejectedType: "es_rejected_execution_exception",
      headers: { "x-elastic-product": "Elasticsearch" },
    }),
  });

  // A failed bulk and its retry: the wrapper fails calls before the sink, after it (a lost answer) and half-way.
  await describeDeliveryFaults<ElasticsearchSinkConfig>({
    descriptor: connector,
    config: () => ({
      node: cluster.url,
      index: "iocs-delivery-faults",
      auth: cluster.auth,
      concurrency: 2,
    }),
    readBack: async () => (await probe.heldRecords("iocs-delivery-faults")).map((held) => held.key),
    reset: () => probe.deleteIndex("iocs-delivery-faults"),
    semantics: "exactly-once",
    numRuns: 6,
  });
}

describe.skipIf(skip !== undefined)("job misp-feed → elasticsearch (a real cluster)", () => {
  it("delivers a loopback MISP feed's indicators as ECS documents, with to_ids: false as deletions, and nothing on a rerun", async () => {
    const feed = await startMispFeedServer(mispFixtureEvents(4, 8));
    const index = `iocs-misp-${process.pid}`;
    await probe.deleteIndex(index);
    const logger = createLogger({ level: "silent", format: "json" });
    const dir = await mkdtemp(join(tmpdir(), "taxiway-misp-es-"));
    const job: JobConfig = {
      name: "misp-es",
      source: { type: "misp-feed", url: feed.url, page_size: 10 } as SourceConfig,
      sinks: [{ type: "elasticsearch", node: cluster.url, index, auth: cluster.auth }],
    };
    const run = async () => {
      const opened = await mispFeedSource.open(
        { type: "misp-feed", url: feed.url, page_size: 10 },
        { job: "misp-es", logger, baseDir: dir },
      );
      try {
        return await runJob({
          job,
          baseDir: dir,
          sources: opened.sources,
          connectors: new Map([["elasticsearch", connector as unknown as ConnectorDescriptor]]),
          store: new FileCheckpointStore(join(dir, "misp-es.json")),
          logger,
          sweep: false,
        });
      } finally {
        await opened.close();
      }
    };
    try {
      const first = await run();
      expect(first.status).toBe("ok");
      // 4 events × 8 attributes: 4 `text` unmapped, 4 `hostname` with to_ids: false (deletions), the rest documents.
      expect(first.iocs).toBe(28);
      expect(first.deletions).toBe(4);
      const docs = await probe.documents(index);
      expect(docs).toHaveLength(24);
      expect(
        docs.map(
          (d) => (d.source.threat as { indicator?: { marking?: { tlp?: string } } }).indicator?.marking?.tlp,
        ),
      ).toContain("GREEN");
      const second = await run();
      expect(second.iocs).toBe(0);
    } finally {
      await feed.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
