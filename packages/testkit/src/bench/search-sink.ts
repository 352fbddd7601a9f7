import type { ConnectorDescriptor, IocRecord } from "@taxiway/core";
import { testSinkContext } from "../conformance/context.js";
import { sampleRecords } from "../conformance/records.js";

/** A search-cluster connector and the cluster a bench runs it against. */
export interface SearchBenchTarget<Config> {
  /** The bench's name in the `pnpm bench` table: `elasticsearch`, `opensearch`. */
  bench: string;
  descriptor: ConnectorDescriptor<Config>;
  /** A working config writing `index` (with one request in flight, for the ingest bench). */
  config: (index: string) => Config;
  url: string;
  /** Headers for the raw floor's requests (credentials). */
  headers?: Record<string, string>;
  /** The connector's document mapping, so the floor and the index hold the very documents the sink writes. */
  document: (record: IocRecord) => unknown;
}

export interface SearchSinkBenchOptions<Config> extends SearchBenchTarget<Config> {
  total?: number;
  page?: number;
}

/**
 * A search-index sink against a real single-node cluster, each figure against a same-run baseline:
 * - throughput against a floor: the same bulk bodies, pre-serialized, POSTed with fetch (no mapping, no outcome
 *   classification, no limiter), into an index with the same template;
 * - the sink's own CPU per document (ECS mapping, bulk framing, client, outcomes) against JSON.stringify of the same
 *   documents.
 * Prints `BENCH {...}` lines for `pnpm bench`.
 */
export async function runSearchSinkBench<Config>(options: SearchSinkBenchOptions<Config>): Promise<void> {
  const { descriptor, url } = options;
  const total = options.total ?? 50_000;
  const pageSize = options.page ?? 1000;
  const headers = options.headers ?? {};
  const report = (
    metric: string,
    value: number,
    unit: string,
    baseline: number,
    ratio: number,
    note: string,
  ) =>
    console.log(
      `BENCH ${JSON.stringify({ bench: options.bench, metric, value, unit, baseline, ratio, note })}`,
    );
  const freshIndex = (index: string) =>
    fetch(`${url}/${index}`, { method: "DELETE", headers }).then((r) => r.arrayBuffer());
  const pages = Array.from({ length: total / pageSize }, (_, i) => sampleRecords(pageSize, i * pageSize));

  async function rawBulkFloor(index: string): Promise<number> {
    await freshIndex(index);
    const installer = descriptor.create(options.config(index), testSinkContext());
    await installer.open();
    await installer.close();
    const bodies = pages.map((page) =>
      page
        .map(
          (r) =>
            `${JSON.stringify({ index: { _index: index, _id: r.key } })}\n${JSON.stringify(options.document(r))}\n`,
        )
        .join(""),
    );
    const begin = performance.now();
    for (const body of bodies) {
      const response = await fetch(`${url}/_bulk`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/x-ndjson" },
        body,
      });
      if (!response.ok) throw new Error(`raw bulk: HTTP ${response.status}`);
      await response.arrayBuffer();
    }
    return total / ((performance.now() - begin) / 1000);
  }

  async function sinkRun(index: string): Promise<{ rate: number; cpuMs: number }> {
    await freshIndex(index);
    const sink = descriptor.create(options.config(index), testSinkContext());
    await sink.open();
    const cpuBefore = process.cpuUsage();
    const begin = performance.now();
    for (const page of pages) {
      const result = await sink.write(page);
      if (result.outcomes.some((o) => o.status !== "delivered"))
        throw new Error("sink: not every record delivered");
    }
    const rate = total / ((performance.now() - begin) / 1000);
    const cpu = process.cpuUsage(cpuBefore);
    await sink.close();
    return { rate, cpuMs: (cpu.user + cpu.system) / 1000 };
  }

  function stringifyCpuMs(): number {
    const documents = pages.map((page) => page.map((r) => options.document(r)));
    const before = process.cpuUsage();
    let bytes = 0;
    for (const page of documents) for (const d of page) bytes += JSON.stringify(d).length;
    const cpu = process.cpuUsage(before);
    if (bytes === 0) throw new Error("nothing serialized");
    return (cpu.user + cpu.system) / 1000;
  }

  // Warm the cluster (index creation, JIT on both sides) before anything is timed.
  await rawBulkFloor("bench-warmup");
  // Alternate the two and keep each one's best round, so cluster warm-up and merges favour neither.
  let floor = 0;
  let sink = { rate: 0, cpuMs: Number.POSITIVE_INFINITY };
  for (let round = 0; round < 3; round++) {
    floor = Math.max(floor, await rawBulkFloor(`bench-floor-${round}`));
    const run = await sinkRun(`bench-sink-${round}`);
    sink = { rate: Math.max(sink.rate, run.rate), cpuMs: Math.min(sink.cpuMs, run.cpuMs) };
  }
  report(
    "ingest_throughput",
    Math.round(sink.rate),
    "docs/s",
    Math.round(floor),
    sink.rate / floor,
    `${total} IOCs in pages of ${pageSize}, external versioning, 1 request in flight, best of 3; baseline: same bulk bodies pre-serialized, POSTed with fetch`,
  );
  const stringify = stringifyCpuMs();
  report(
    "cpu_per_document",
    Number(((sink.cpuMs * 1000) / total).toFixed(2)),
    "µs/doc",
    Number(((stringify * 1000) / total).toFixed(2)),
    sink.cpuMs / stringify,
    "sink CPU (ECS mapping, bulk framing, client, outcomes) per doc; baseline: JSON.stringify of the same ECS documents",
  );
}
