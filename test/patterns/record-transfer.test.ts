import { extractFromObject, recordFromTuple, recordToTuple } from "@taxiway/core";
import { readPatternCorpus } from "@taxiway/testkit/fixtures";
import { describe, expect, it } from "vitest";

// Issue 24: records cross from the source worker to the main thread as tuples (core/src/ioc/record-codec.ts). On the
// real-world corpus, every record must come back equal: same keys in the same order, undefined fields kept, the
// observable's prototype (or its absence) kept.

const corpus = readPatternCorpus();
const context = { feed: "feed", collection: "c", markings: new Map(), refang: true };

describe("records survive the source worker's transfer form", () => {
  it.skipIf("skip" in corpus)(
    "every record of the real pattern corpus comes back equal, keys and undefined fields included",
    () => {
      if ("skip" in corpus) return;
      let compared = 0;
      corpus.forEach(({ pattern }, index) => {
        for (const record of extractFromObject(
          {
            type: "indicator",
            spec_version: "2.1",
            id: `indicator--00000000-0000-4000-8000-${index.toString(16).padStart(12, "0")}`,
            created: "2026-01-01T00:00:00.000Z",
            modified: "2026-01-02T00:00:00.000Z",
            pattern,
            pattern_type: "stix",
            valid_from: "2026-01-01T00:00:00Z",
            labels: ["malicious-activity"],
            confidence: 70,
          } as never,
          context,
        ).records) {
          const back = recordFromTuple(JSON.parse(JSON.stringify(recordToTuple(record))));
          expect(Object.keys(back)).toEqual(Object.keys(record));
          expect(back).toStrictEqual(record);
          compared++;
        }
      });
      expect(compared).toBeGreaterThan(10_000);
    },
  );
});
