// CSV sink throughput against a naive same-run baseline (string join + append + fsync per page, no quoting,
// no formula guard, no offsets), and the cost of one snapshot merge against copying the store file.
import { copyFile, mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connector } from "@taxiway/connector-csv";
import { sampleRecords, testSinkContext } from "@taxiway/testkit";

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
  ratio: number,
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

try {
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
} finally {
  await rm(dir, { recursive: true, force: true });
}
