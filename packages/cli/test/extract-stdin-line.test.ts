// Issue 24: `taxiway extract --stdin` writes each line from the pattern's observables alone (no full IOC records, no
// record keys), for speed. Every line must still be what `extractFromPattern` + the line format gave before:
// checked on the real-world pattern corpus and on generated patterns (defanged values, U+FFFD, empty and
// whitespace-only lines, broken syntax, non-exact comparisons), fast-check with a fixed seed.
import { extractFromPattern } from "@taxiway/core/extract";
import { readPatternCorpus } from "@taxiway/testkit/fixtures";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asLine, patternLine } from "../src/commands/pattern-line.js";

const reference = (pattern: string) => JSON.stringify(asLine(extractFromPattern(pattern)));

const corpus = readPatternCorpus();

describe("extract --stdin lines", () => {
  it.skipIf("skip" in corpus)(
    `equal the full extraction's line for every pattern of the corpus${"skip" in corpus ? ` (skipped: ${corpus.skip})` : ""}`,
    () => {
      if ("skip" in corpus) return;
      let differing = 0;
      for (const { pattern } of corpus) {
        // The input is one line per pattern: a corpus pattern holding a line break arrives as two lines.
        for (const line of pattern.split(/\r\n|\r|\n/))
          if (patternLine(line) !== reference(line)) differing++;
      }
      expect(differing).toBe(0);
      expect(corpus.length).toBeGreaterThan(1000);
    },
  );

  it("equal the full extraction's line for generated patterns", () => {
    const value = fc.oneof(
      fc.constantFrom(
        "198.51.100.7",
        "198[.]51[.]100[.]7",
        "hxxp://evil[.]example/a",
        "EVIL.Example.COM",
        "evil\uFFFD.example",
        "2001:db8::1",
        "10.0.0.0/8",
        "x@example[.]org",
        "d41d8cd98f00b204e9800998ecf8427e",
        "",
        "it''s",
      ),
      fc.string({ maxLength: 12 }),
    );
    const path = fc.constantFrom(
      "ipv4-addr:value",
      "ipv6-addr:value",
      "domain-name:value",
      "url:value",
      "email-addr:value",
      "file:hashes.MD5",
      "file:hashes.'SHA-256'",
      "file:name",
      "x-custom:value",
      "network-traffic:dst_ref.value",
    );
    const operator = fc.constantFrom("=", "!=", "LIKE", "MATCHES", "IN", ">");
    const comparison = fc
      .tuple(path, operator, value)
      .map(([p, op, v]) => `${p} ${op} '${v.replaceAll("'", "\\'")}'`);
    const pattern = fc.oneof(
      fc
        .tuple(fc.array(comparison, { minLength: 1, maxLength: 3 }), fc.constantFrom(" AND ", " OR "))
        .map(([parts, join]) => `[${parts.join(join)}]`),
      fc
        .tuple(comparison, comparison, fc.constantFrom(" AND ", " OR ", " FOLLOWEDBY "))
        .map(([a, b, join]) => `[${a}]${join}[${b}]`),
      fc.constantFrom(
        "",
        "   ",
        "[",
        "[ipv4-addr:value = ]",
        "garbage",
        "[ipv4-addr:value = '1.2.3.4'] WITHIN 5",
      ),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(pattern, (text) => {
        expect(patternLine(text)).toBe(reference(text));
      }),
      { seed: 24, numRuns: 3000 },
    );
  });
});
