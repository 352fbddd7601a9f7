// CSV sink throughput against a naive same-run baseline (string join + append + fsync per page, no quoting,
// no formula guard, no offsets), and the cost of one snapshot merge against copying the store file.
// The sink-only rows (issue 24) put the sink, as `taxiway run` drives it, beside a raw writer of the same rows.
import { copyFile, mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connector } from "@taxiway/connector-csv";
import { extractFromObject, type IocRecord } from "@taxiway/core";
import { generatedIndicators, sampleRecords, testSinkContext } from "@taxiway/testkit";

const PAGE = 1000;
const TOTAL = 200_000;
const columns = ["type", "value", "stix_id", "name", "confidence", "tlp", "valid_from", "labels"] as const;
const pages = Array.from({ length: TOTAL / PAGE }, (_, i) => sampleRecords(PAGE, i * PAGE));
const dir = await mkdtemp(join(tmpdir(), "taxiway-csv-bench-"));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function report(
  metric: string,
  value: number,
  unit: string,
  baseline: number,
  ratio: number | undefined,
  note: string,
): void {
  console.log(`BENCH ${JSON.stringify({ bench: "csv", metric, value, unit, baseline, ratio, note })}`);
}

async function baselineAppend(): Promise<number> {
  const handle = await open(join(dir, "baseline.csv"), "w");
  const started = performance.now();
  for (const page of pages) {
    const text = page.map((r) => columns.map((c) => String(r[c] ?? "")).join(",")).join("\r\n");
    await handle.appendFile(`${text}\r\n`);
    await handle.sync();
  }
  const seconds = (performance.now() - started) / 1000;
  await handle.close();
  return TOTAL / seconds;
}

async function sinkAppend(): Promise<{ rate: number; heapGrowthMb: number }> {
  const sink = connector.create(
    { path: "sink.csv", columns: [...columns] },
    testSinkContext({ baseDir: dir }),
  );
  await sink.open();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  for (const page of pages) {
    await sink.write(page);
    await sink.flush();
  }
  const seconds = (performance.now() - started) / 1000;
  await sink.close();
  gc();
  return { rate: TOTAL / seconds, heapGrowthMb: (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20 };
}

async function snapshotLoad(): Promise<{ rate: number; mergeMs: number; copyMs: number }> {
  const config = { path: "snap.csv", mode: "snapshot" as const, columns: [...columns] };
  const loader = connector.create(config, testSinkContext({ baseDir: dir }));
  await loader.open();
  const started = performance.now();
  for (const page of pages) {
    await loader.write(page);
    await loader.flush();
  }
  await loader.close();
  const rate = TOTAL / ((performance.now() - started) / 1000);
  // One more page into the 200k snapshot, then close: one full merge.
  const next = connector.create(config, testSinkContext({ baseDir: dir }));
  await next.open();
  const mergeStarted = performance.now();
  await next.write(sampleRecords(PAGE, TOTAL));
  await next.close();
  const mergeMs = performance.now() - mergeStarted;
  const copyStarted = performance.now();
  await copyFile(join(dir, ".snap.csv.taxiway-store.ndjson"), join(dir, "copy.ndjson"));
  await copyFile(join(dir, "snap.csv"), join(dir, "copy.csv"));
  for (const name of ["copy.ndjson", "copy.csv"]) {
    const copy = await open(join(dir, name), "r");
    await copy.sync();
    await copy.close();
  }
  return { rate, mergeMs, copyMs: performance.now() - copyStarted };
}

// --- Sink only, as `taxiway run` drives it (issue 24) ---------------------------------------------------------------
// 100k records extracted from the fixture server's generated indicators (the end-to-end bench's feed), columns
// [type, value, stix_id], default options (so the expiry ledger is kept too), write + flush per page of 1000. The raw
// baseline renders the same cells with a minimal RFC 4180 escaper and makes one write and one fsync per page. A third
// side, the sink with write_deletes: false, shows what the expiry ledger costs. Rounds rotate which side goes first,
// after one unmeasured warm-up round (JIT, heap sizing); each side's figure is the median over rounds, a ratio the
// median of per-round ratios to the raw writer.
const SINK_ONLY_TOTAL = 100_000;
const SINK_ONLY_ROUNDS = process.env.TAXIWAY_BENCH_QUICK === "1" ? 3 : 9;
const sinkOnlyColumns = ["type", "value", "stix_id"] as const;

function generatedPages(total: number): IocRecord[][] {
  const context = { feed: "bench", collection: "generated" };
  const records = generatedIndicators(total).flatMap((object) => extractFromObject(object, context).records);
  return Array.from({ length: Math.ceil(records.length / PAGE) }, (_, i) =>
    records.slice(i * PAGE, (i + 1) * PAGE),
  );
}

interface Cost {
  wallMs: number;
  cpuMs: number;
  /** Main-thread pauses of the garbage collector (the short-lived garbage a side makes shows up here). */
  gcMs: number;
}

const gcPauses: PerformanceEntry[] = [];
const gcObserver = new PerformanceObserver((list) => gcPauses.push(...list.getEntries()));
gcObserver.observe({ entryTypes: ["gc"] });

/**
 * CPU, wall and GC pauses of one run of `body`. No forced collection before it: after a full gc() the next run of the
 * sink cost up to twice the CPU (measured), which no real run pays; the rotating order spreads left-over garbage.
 */
async function measured(body: () => Promise<void>): Promise<Cost> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await body();
  const ended = performance.now();
  const used = process.cpuUsage(cpu);
  await new Promise((resolve) => setTimeout(resolve, 10)); // gc entries are delivered asynchronously
  const gcMs = gcPauses
    .filter((entry) => entry.startTime >= started && entry.startTime < ended)
    .reduce((sum, entry) => sum + entry.duration, 0);
  gcPauses.length = 0;
  return { wallMs: ended - started, cpuMs: (used.user + used.system) / 1000, gcMs };
}

const rawCell = (value: unknown): string => {
  const text = value === undefined || value === null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

async function rawPages(pagesOf: readonly IocRecord[][], path: string): Promise<void> {
  const handle = await open(path, "w");
  try {
    for (const page of pagesOf) {
      let text = "";
      for (const record of page) {
        text += `${rawCell(record.type)},${rawCell(record.value)},${rawCell(record.stix_id)}\r\n`;
      }
      await handle.write(text);
      await handle.sync();
    }
  } finally {
    await handle.close();
  }
}

async function sinkPages(
  pagesOf: readonly IocRecord[][],
  baseDir: string,
  writeDeletes = true,
): Promise<void> {
  const sink = connector.create(
    { path: "sink-only.csv", columns: [...sinkOnlyColumns], write_deletes: writeDeletes },
    testSinkContext({ baseDir, job: "bench" }),
  );
  await sink.open();
  for (const page of pagesOf) {
    await sink.write(page);
    await sink.flush();
  }
  await sink.close();
}

async function sinkOnly(): Promise<void> {
  const pagesOf = generatedPages(SINK_ONLY_TOTAL);
  const records = pagesOf.reduce((n, page) => n + page.length, 0);
  const sides = {
    raw: (roundDir: string) => rawPages(pagesOf, join(roundDir, "raw.csv")),
    sink: (roundDir: string) => sinkPages(pagesOf, join(roundDir, "sink")),
    noLedger: (roundDir: string) => sinkPages(pagesOf, join(roundDir, "no-ledger"), false),
  };
  type Side = keyof typeof sides;
  const names = Object.keys(sides) as Side[];
  const costs: Record<Side, Cost[]> = { raw: [], sink: [], noLedger: [] };
  for (let round = -1; round < SINK_ONLY_ROUNDS; round++) {
    const roundDir = await mkdtemp(join(dir, `sink-only-${round}-`));
    const start = Math.max(round, 0) % names.length;
    for (const name of [...names.slice(start), ...names.slice(0, start)]) {
      const cost = await measured(() => sides[name](roundDir));
      if (round >= 0) costs[name].push(cost);
    }
    await rm(roundDir, { recursive: true, force: true });
  }
  // The raw writer may pause for GC not at all: GC figures get no ratio.
  const ratio = (side: Side, key: keyof Cost) =>
    key === "gcMs"
      ? undefined
      : median(costs[side].map((cost, i) => cost[key] / (costs.raw[i] as Cost)[key]));
  const of = (side: Side, key: keyof Cost) => median(costs[side].map((cost) => cost[key]));
  const rounds = `${SINK_ONLY_ROUNDS} rounds rotating the order after a warm-up, medians`;
  const what = `${records} records, columns type,value,stix_id, write+flush per ${PAGE}`;
  const baseline = "baseline: minimal escaper, one write+fsync per page";
  const row = (metric: string, side: Side, key: keyof Cost, note: string) =>
    report(
      metric,
      Math.round(of(side, key)),
      key === "cpuMs" ? "ms CPU" : key === "gcMs" ? "ms GC" : "ms",
      Math.round(of("raw", key)),
      ratio(side, key),
      note,
    );
  row(
    "sink_only_cpu_100k",
    "sink",
    "cpuMs",
    `${what}, default options (expiry ledger on); ${baseline}; ${rounds}`,
  );
  row("sink_only_wall_100k", "sink", "wallMs", "same rounds; wall includes the fsyncs of both sides");
  row("sink_only_gc_100k", "sink", "gcMs", "same rounds; main-thread garbage-collector pauses");
  row(
    "sink_only_cpu_100k_no_ledger",
    "noLedger",
    "cpuMs",
    `the same with write_deletes: false (no expiry ledger): what the ledger costs is the difference; same rounds`,
  );
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

try {
  await sinkOnly();
  gcObserver.disconnect();
  // TAXIWAY_CSV_BENCH=sink-only: just the rows above (for profiling the sink's hot path).
  if (process.env.TAXIWAY_CSV_BENCH !== "sink-only") await wholeSink();
} finally {
  await rm(dir, { recursive: true, force: true });
}

async function wholeSink(): Promise<void> {
  const baseline = await baselineAppend();
  const { rate, heapGrowthMb } = await sinkAppend();
  report(
    "append_throughput",
    Math.round(rate),
    "records/s",
    Math.round(baseline),
    rate / baseline,
    `${TOTAL} records, fsync every ${PAGE}; baseline: naive join+append+fsync`,
  );
  report(
    "append_heap_growth",
    Number(heapGrowthMb.toFixed(2)),
    "MiB",
    0,
    0,
    `heap after ${TOTAL} records minus before`,
  );
  const snapshot = await snapshotLoad();
  report(
    "snapshot_load_throughput",
    Math.round(snapshot.rate),
    "records/s",
    Math.round(baseline),
    snapshot.rate / baseline,
    `${TOTAL} records into an empty snapshot, flush every ${PAGE}; baseline: naive join+append+fsync`,
  );
  report(
    "snapshot_merge_200k",
    Math.round(snapshot.mergeMs),
    "ms",
    Math.round(snapshot.copyMs),
    snapshot.mergeMs / snapshot.copyMs,
    "one page merged into a 200k snapshot and swapped in; baseline: copying store+csv with fsync",
  );
}
