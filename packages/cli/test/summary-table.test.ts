import { emptySummary } from "@taxiway/core";
import { describe, expect, it } from "vitest";
import { summaryTable } from "../src/output/summary-table.js";

// A fresh-eyes session read `collection ../intel/a.json … cursor - (header), feed lag -` for a STIX bundle file:
// "(header)" is a TAXII cursor strategy, meaningless for a file, which keeps its own position.
describe("the run summary's collection lines", () => {
  it("a TAXII collection shows its cursor, strategy and feed lag; a bundle file shows none of them", () => {
    const summary = emptySummary("job", false);
    summary.collections.indicators = {
      pages: 3,
      objects: 2500,
      added_after: "2026-01-02T03:04:05.000Z",
      strategy: "header",
      lag_ms: 90_000,
    };
    summary.collections["../intel/a.json"] = { pages: 20, objects: 20_000 };
    const lines = summaryTable(summary).split("\n");
    expect(lines.find((line) => line.startsWith("collection indicators"))).toMatch(
      /2500 objects in 3 pages, cursor 2026-01-02T03:04:05\.000Z \(header\), feed lag /,
    );
    expect(lines.find((line) => line.startsWith("collection ../intel/a.json"))).toMatch(
      /^collection \.\.\/intel\/a\.json +20000 objects in 20 pages$/,
    );
  });

  it("shows the comparisons on custom or unknown paths, which made no IOC (fresh-eyes: only --json had them)", () => {
    const summary = emptySummary("job", false);
    summary.non_standard = 51;
    expect(summaryTable(summary)).toMatch(
      /^non-standard +51 comparisons on custom or unknown types and properties \(x-…\): reported, not IOCs$/m,
    );
  });
});
