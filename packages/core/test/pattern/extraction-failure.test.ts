import { describe, expect, it, vi } from "vitest";

// Stands in for a defect in the extraction code: whatever it throws must not fail the job.
vi.mock("../../src/ioc/pattern-observables/index.js", () => ({
  observablesOfPattern: () => {
    throw new TypeError("boom");
  },
}));

const { extractFromObject } = await import("../../src/ioc/extract.js");

describe("an unexpected error while extracting", () => {
  it("dead-letters the object with the cause instead of throwing", () => {
    const result = extractFromObject(
      {
        type: "indicator",
        id: "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
        pattern: "[ipv4-addr:value = '198.51.100.7']",
        pattern_type: "stix",
      },
      { feed: "f", collection: "c" },
    );
    expect(result.records).toEqual([]);
    expect(result.problems).toEqual([
      {
        code: "EXTRACTION_FAILED",
        message:
          "taxiway failed to extract this object (TypeError: boom); please report it with the dead-lettered object",
      },
    ]);
  });
});
