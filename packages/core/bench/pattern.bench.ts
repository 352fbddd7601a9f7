// Parse + extract over 1M realistic patterns vs JSON.parse of the indicator objects carrying them (same run).
// Target (issue 5): extraction costs less than half of the JSON.parse time.
import { extractFromObject, observablesOfPattern, parsePattern } from "@taxiway/core";
import { consumedTotal, interleaved, median, time } from "./interleaved.ts";

const TOTAL = Number(process.env.PATTERN_BENCH_TOTAL ?? 1_000_000);
const DISTINCT = 50_000;

let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const int = (n: number) => Math.floor(random() * n);
const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[int(16)]).join("");
const ip = () => `${1 + int(222)}.${int(256)}.${int(256)}.${1 + int(254)}`;
const domain = () => `host${int(100000)}.example${int(50)}.com`;

function simple(): string {
  switch (int(6)) {
    case 0:
      return `ipv4-addr:value = '${ip()}'`;
    case 1:
      return `domain-name:value = '${domain()}'`;
    case 2:
      return `url:value = 'https://${domain()}/path/${hex(8)}.php'`;
    case 3:
      return `file:hashes.'SHA-256' = '${hex(64)}'`;
    case 4:
      return `file:hashes.MD5 = '${hex(32)}'`;
    default:
      return `email-addr:value = 'user${int(1000)}@${domain()}'`;
  }
}

function pattern(): string {
  const roll = random();
  if (roll < 0.05) return `[${simple()}] WITHIN 600 SECONDS`;
  if (roll < 0.1) return `[${simple()} OR ${simple()}]`;
  if (roll < 0.15)
    return `[file:hashes.MD5 = '${hex(32)}' AND file:hashes.'SHA-256' = '${hex(64)}'] OR [${simple()}]`;
  return `[${simple()}]`;
}

const texts: string[] = [];
for (let i = 0; i < DISTINCT; i++) {
  const created = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  texts.push(
    JSON.stringify({
      type: "indicator",
      spec_version: "2.1",
      id: `indicator--${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`,
      created,
      modified: created,
      name: `Indicator ${i}`,
      indicator_types: ["malicious-activity"],
      pattern: pattern(),
      pattern_type: "stix",
      pattern_version: "2.1",
      valid_from: created,
      labels: ["c2"],
      confidence: 75,
      object_marking_refs: ["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"],
    }),
  );
}
const objects = texts.map((text) => JSON.parse(text));
const rounds = Math.ceil(TOTAL / DISTINCT);
const context = { feed: "bench", collection: "bench" };

// Warm up every path so the JIT has settled before measuring.
for (let i = 0; i < 3; i++) {
  for (const text of texts) JSON.parse(text);
  for (const object of objects) extractFromObject(object, context);
}

const measured = {
  "JSON.parse": () => {
    let n = 0;
    for (const text of texts) n += JSON.parse(text).pattern.length;
    return n;
  },
  "parse only": () => {
    let n = 0;
    for (const object of objects) n += parsePattern(object.pattern).kind.length;
    return n;
  },
  "parse + extract IOCs": () => {
    let n = 0;
    for (const object of objects) n += observablesOfPattern(object.pattern).observables.length;
    return n;
  },
  "parse + extract into records": () => {
    let n = 0;
    for (const object of objects) n += extractFromObject(object, context).records.length;
    return n;
  },
};
type Metric = keyof typeof measured;

// The machine is shared: JSON.parse and each extraction are timed back to back in every round, and the figure is
// the median of the per-round ratios, so a slow spell weighs on both sides of a ratio instead of on one figure.
const { ratios, totals } = interleaved(measured, "JSON.parse", rounds);
const count = rounds * DISTINCT;
const iocCount = extractIocCount();
function extractIocCount(): number {
  let n = 0;
  for (const object of objects) n += observablesOfPattern(object.pattern).observables.length;
  return n * rounds;
}
const rate = (metric: Metric) => Math.round(count / ((totals.get(metric) ?? 1) / 1000));
const emit = (metric: Metric, note: string) => {
  const perRound = ratios.get(metric) ?? [];
  console.log(
    `BENCH ${JSON.stringify({
      bench: "pattern",
      metric,
      value: rate(metric),
      unit: "patterns/s",
      baseline: rate("JSON.parse"),
      ratio: Number(median(perRound).toFixed(3)),
      note: `${note}; rounds ${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)}`,
    })}`,
  );
};
emit(
  "parse only",
  `time ratio to JSON.parse of the ${count.toLocaleString("en-US")} indicators (target < 0.5)`,
);
emit(
  "parse + extract IOCs",
  `time ratio to JSON.parse; ${iocCount.toLocaleString("en-US")} validated, normalized IOCs (type + value + pinned context) (target < 0.5)`,
);
emit("parse + extract into records", "time ratio to JSON.parse; IOCs built with full context and keys");
if (consumedTotal() === 0) console.error("nothing measured");
if (process.env.PATTERN_BENCH_DEBUG)
  for (const [m, r] of ratios) console.error(m, r.map((x) => x.toFixed(2)).join(" "));

// Issue 19, item 8: one observation of 100,000 comparisons, ANDed vs ORed (target: AND within 2× of OR).
{
  const size = Number(process.env.PATTERN_BENCH_CHAIN ?? 100_000);
  const comparisons = Array.from(
    { length: size },
    (_, i) => `ipv4-addr:value = '10.${i >> 16}.${(i >> 8) & 255}.${i & 255}'`,
  );
  const anded = `[${comparisons.join(" AND ")}]`;
  const ored = `[${comparisons.join(" OR ")}]`;
  const chainRatios: number[] = [];
  let andMs = 0;
  let orMs = 0;
  for (let round = 0; round < 5; round++) {
    const or = time(() => observablesOfPattern(ored).observables.length);
    const and = time(() => observablesOfPattern(anded).observables.length);
    orMs += or;
    andMs += and;
    chainRatios.push(and / or);
  }
  console.log(
    `BENCH ${JSON.stringify({
      bench: "pattern",
      metric: `${size.toLocaleString("en-US")} ANDed comparisons in one observation`,
      value: Math.round(andMs / 5),
      unit: "ms",
      baseline: Math.round(orMs / 5),
      ratio: Number(median(chainRatios).toFixed(3)),
      note: `baseline: the same comparisons ORed (target ≤ 2); rounds ${Math.min(...chainRatios).toFixed(2)}–${Math.max(...chainRatios).toFixed(2)}`,
    })}`,
  );
}
