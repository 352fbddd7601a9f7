import { parsePattern } from "@taxiway/core";
import { readPatternCorpus } from "@taxiway/testkit/fixtures";
import { describe, expect, it } from "vitest";
import { type OasisVerdict, oasisVerdicts } from "../support/oasis-validator.js";
import { generatedPatterns } from "./grammar-generator.js";
import { KNOWN_DIFFERENCES, type KnownDifference } from "./known-differences.js";

// Differential test against the OASIS pattern validator (stix2-patterns 2.1.2, a real peer installed by
// test/peers/install.d/stix2-patterns.sh): on the real-world corpus and on grammar-generated patterns, taxiway
// accepts exactly what the validator accepts, apart from the differences listed with their reason in
// known-differences.ts. taxiway's verdict is the parser's: a pattern is rejected when it is not grammatical
// (PATTERN_SYNTAX); vocabulary and values are judged per comparison, never for the whole pattern.

const taxiwayAccepts = (pattern: string) => {
  try {
    parsePattern(pattern);
    return true;
  } catch {
    return false;
  }
};

interface Disagreement {
  pattern: string;
  oasis: OasisVerdict;
  taxiway: boolean;
}

function disagreements(patterns: readonly string[], verdicts: readonly OasisVerdict[]): Disagreement[] {
  const found: Disagreement[] = [];
  patterns.forEach((pattern, index) => {
    const oasis = verdicts[index] as OasisVerdict;
    const taxiway = taxiwayAccepts(pattern);
    if (oasis.valid !== taxiway) found.push({ pattern, oasis, taxiway });
  });
  return found;
}

const explained = (d: Disagreement) => (known: KnownDifference) =>
  known.taxiway === (d.taxiway ? "accepts" : "rejects") &&
  (known.pattern !== undefined ? known.pattern === d.pattern : (known.match as RegExp).test(d.pattern)) &&
  (known.oasis === undefined || known.oasis.test(JSON.stringify(d.oasis)));

const unexplained = (found: Disagreement[]) =>
  found
    .filter((d) => !KNOWN_DIFFERENCES.some(explained(d)))
    .map((d) => ({ ...d, pattern: d.pattern.slice(0, 300) }));

const corpus = readPatternCorpus();
const corpusPatterns = "skip" in corpus ? [] : corpus.map((row) => row.pattern);
const generated = generatedPatterns(4000, 20261130);
const verdicts = await oasisVerdicts([...corpusPatterns, ...generated]);
const skip = "skip" in corpus ? corpus.skip : "skip" in verdicts ? verdicts.skip : undefined;
if (skip) console.warn(`OASIS validator differential test skipped: ${skip}`);

describe.skipIf(skip !== undefined)("taxiway and the OASIS validator agree", () => {
  const all = verdicts as OasisVerdict[];
  const corpusVerdicts = all.slice(0, corpusPatterns.length);
  const generatedVerdicts = all.slice(corpusPatterns.length);

  it("on every real-world corpus pattern, apart from the known differences", () => {
    const found = disagreements(corpusPatterns, corpusVerdicts);
    expect(unexplained(found)).toEqual([]);
    const agreed = corpusPatterns.length - found.length;
    console.info(
      `corpus: ${agreed} of ${corpusPatterns.length} agree (${((100 * agreed) / corpusPatterns.length).toFixed(2)}%); ` +
        `the validator accepts ${corpusVerdicts.filter((v) => v.valid).length}; ${found.length} known differences`,
    );
  });

  it("on grammar-generated patterns and near misses (fixed seed), apart from the known differences", () => {
    expect(generatedVerdicts.filter((v) => v.valid).length).toBeGreaterThan(generated.length / 2);
    expect(generatedVerdicts.filter((v) => !v.valid).length).toBeGreaterThan(generated.length / 20);
    const found = disagreements(generated, generatedVerdicts);
    expect(unexplained(found)).toEqual([]);
  });

  it("every exact known difference still occurs (stale entries are removed)", () => {
    const found = disagreements(corpusPatterns, corpusVerdicts);
    for (const known of KNOWN_DIFFERENCES.filter((k) => k.pattern !== undefined))
      expect(
        found.some((d) => d.pattern === known.pattern),
        known.pattern,
      ).toBe(true);
  });

  it("the corpus's own validator test lists come out as the validator's tests say", () => {
    const rows = corpus as Exclude<typeof corpus, { skip: string }>;
    for (const row of rows) {
      const listed = row.sources.find((source) => source.startsWith("oasis-validator-tests:"));
      if (!listed) continue;
      const mustFail = /FAIL_CASES$/.test(listed);
      const known = KNOWN_DIFFERENCES.some((k) => k.pattern === row.pattern);
      if (!known) expect(taxiwayAccepts(row.pattern), `${listed}: ${row.pattern}`).toBe(!mustFail);
    }
  });
});
