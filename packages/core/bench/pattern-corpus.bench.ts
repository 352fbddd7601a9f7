// Parse + extract over the real-world pattern corpus (shared/corpus/stix-patterns.tsv, 10,879 patterns) vs
// JSON.parse of the indicator objects carrying them, timed back to back in each round (median of the ratios).
import { extractFromObject, observablesOfPattern, parsePattern } from "@taxiway/core";
import { consumedTotal, interleaved, median } from "./interleaved.ts";

const { readPatternCorpus } = (await import(
  new URL("../../testkit/dist/corpus/stix-patterns.js", import.meta.url).href
)) as typeof import("../../testkit/src/corpus/stix-patterns.js");

const corpus = readPatternCorpus();
if ("skip" in corpus) {
  console.error(`pattern-corpus bench skipped: ${corpus.skip}`);
  process.exit(0);
}

const texts = corpus.map((row, i) =>
  JSON.stringify({
    type: "indicator",
    spec_version: "2.1",
    id: `indicator--00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    created: "2026-01-01T00:00:00.000Z",
    modified: "2026-01-01T00:00:00.000Z",
    name: `corpus ${i}`,
    indicator_types: ["malicious-activity"],
    pattern: row.pattern,
    pattern_type: "stix",
    pattern_version: "2.1",
    valid_from: "2026-01-01T00:00:00.000Z",
  }),
);
const objects = texts.map((text) => JSON.parse(text));
const context = { feed: "bench", collection: "bench" };
const measured = {
  "JSON.parse": () => {
    let n = 0;
    for (const text of texts) n += JSON.parse(text).pattern.length;
    return n;
  },
  "corpus: parse only": () => {
    let n = 0;
    for (const object of objects)
      try {
        n += parsePattern(object.pattern).kind.length;
      } catch {
        n++;
      }
    return n;
  },
  "corpus: parse + extract IOCs": () => {
    let n = 0;
    for (const object of objects)
      try {
        n += observablesOfPattern(object.pattern).observables.length;
      } catch {
        n++;
      }
    return n;
  },
  "corpus: parse + extract into records": () => {
    let n = 0;
    for (const object of objects) n += extractFromObject(object, context).records.length;
    return n;
  },
};
type Metric = keyof typeof measured;
for (let i = 0; i < 3; i++) for (const body of Object.values(measured)) body();

const ROUNDS = Number(process.env.PATTERN_CORPUS_ROUNDS ?? 30);
const { ratios, totals } = interleaved(measured, "JSON.parse", ROUNDS);
const rate = (metric: Metric) => Math.round((ROUNDS * texts.length) / ((totals.get(metric) ?? 1) / 1000));
let iocs = 0;
for (const object of objects) iocs += extractFromObject(object, context).records.length;
for (const metric of Object.keys(measured) as Metric[]) {
  if (metric === "JSON.parse") continue;
  const perRound = ratios.get(metric) ?? [];
  console.log(
    `BENCH ${JSON.stringify({
      bench: "pattern",
      metric,
      value: rate(metric),
      unit: "patterns/s",
      baseline: rate("JSON.parse"),
      ratio: Number(median(perRound).toFixed(3)),
      note: `${texts.length.toLocaleString("en-US")} real patterns (${iocs.toLocaleString("en-US")} IOCs); time ratio to JSON.parse of the same indicators; rounds ${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)}`,
    })}`,
  );
}
if (consumedTotal() === 0) console.error("nothing measured");
