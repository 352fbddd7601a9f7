// The seen-index holds ≥ 5 million object versions per collection without keeping them in the heap. Inserts
// TAXIWAY_SEEN_ROWS keys (default 5,000,000) page by page (1,000 keys, one transaction each, as the pager does),
// then looks up a page of known and a page of new keys. Figures: heap growth against a same-run baseline of
// 100,000 keys held in a Set (what an in-heap index would cost per key), insert and lookup rates, file size.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteSeenIndex } from "@taxiway/core";

const rows = Number(process.env.TAXIWAY_SEEN_ROWS ?? 5_000_000);
const page = 1000;
const key = (n: number) =>
  `indicator--00000000-0000-4000-8000-${String(n).padStart(12, "0")}@2026-01-01T00:00:00.000Z`;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

gc();
const before = process.memoryUsage().heapUsed;
const baseline = new Set<string>();
for (let n = 0; n < 100_000; n++) baseline.add(key(n));
gc();
const setBytesPerKey = (process.memoryUsage().heapUsed - before) / baseline.size;
baseline.clear();

const dir = mkdtempSync(join(tmpdir(), "taxiway-seen-bench-"));
const index = new SqliteSeenIndex(join(dir, "seen.sqlite"), "c1");
gc();
const heapStart = process.memoryUsage().heapUsed;
let heapPeak = heapStart;
const started = performance.now();
for (let start = 0, generation = 1; start < rows; start += page, generation++) {
  index.add(
    Array.from({ length: Math.min(page, rows - start) }, (_, k) => key(start + k)),
    generation,
  );
  if (generation % 500 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
}
const insertSeconds = (performance.now() - started) / 1000;
const lookupStarted = performance.now();
const known = index.known(Array.from({ length: page }, (_, k) => key(rows - 1 - k * 7)));
const unknown = index.known(Array.from({ length: page }, (_, k) => key(rows + k)));
const lookupMs = performance.now() - lookupStarted;
gc();
const heapEnd = process.memoryUsage().heapUsed;
const size = statSync(join(dir, "seen.sqlite")).size;
const count = index.size();
index.close();
rmSync(dir, { recursive: true, force: true });
if (known.size !== page || unknown.size !== 0 || count !== rows) {
  console.error(`seen-index: wrong answers (known ${known.size}, unknown ${unknown.size}, rows ${count})`);
  process.exitCode = 1;
}
const inHeap = setBytesPerKey * rows;
const print = (metric: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  console.log(`BENCH ${JSON.stringify({ bench: "seen-index", metric, value, unit, ...extra })}`);
print(
  `heap growth holding ${rows.toLocaleString("en")} keys`,
  Math.round((heapPeak - heapStart) / 2 ** 20),
  "MiB",
  {
    baseline: Math.round(inHeap / 2 ** 20),
    ratio: Number(((heapPeak - heapStart) / inHeap).toFixed(4)),
    note: `baseline: the same keys in a Set (${setBytesPerKey.toFixed(0)} B/key measured on 100k); heap after: ${Math.round((heapEnd - heapStart) / 2 ** 20)} MiB`,
  },
);
print("insert", Math.round(rows / insertSeconds), "keys/s", {
  note: `${page}-key transactions, synchronous=FULL`,
});
print("lookup of two 1,000-key pages", Number(lookupMs.toFixed(1)), "ms");
print("file size", Math.round(size / 2 ** 20), "MiB", { note: `${(size / rows).toFixed(0)} B/key` });
