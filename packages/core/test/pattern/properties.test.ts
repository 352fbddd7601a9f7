import {
  type ComparisonExpression,
  type Literal,
  MAX_NESTING,
  type ObservationExpression,
  observablesOfPattern,
  PatternSyntaxError,
  parsePattern,
  printPattern,
} from "@taxiway/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const literal: fc.Arbitrary<Literal> = fc.oneof(
  fc.string({ maxLength: 12 }).map((value) => ({ kind: "string" as const, value })),
  fc.integer({ min: -1000, max: 100000 }).map((value) => ({ kind: "int" as const, value })),
  fc.boolean().map((value) => ({ kind: "bool" as const, value })),
  fc.constantFrom("00ff", "deadbeef", "").map((value) => ({ kind: "hex" as const, value })),
  fc.constantFrom("dGVzdA==", "YWJj").map((value) => ({ kind: "binary" as const, value })),
  fc
    .constantFrom("2026-01-01T00:00:00Z", "2025-06-30T12:34:56.789Z")
    .map((value) => ({ kind: "timestamp" as const, value })),
);

const path = fc.record({
  objectType: fc.constantFrom("ipv4-addr", "domain-name", "file", "x-acme-thing", "network-traffic"),
  steps: fc
    .array(
      fc.oneof(
        fc
          .constantFrom("value", "name", "SHA-256", "x_custom", "a b", "it's")
          .map((name) => ({ kind: "property" as const, name })),
        fc.oneof(fc.nat(9), fc.constant("*" as const)).map((index) => ({ kind: "index" as const, index })),
      ),
      { minLength: 0, maxLength: 3 },
    )
    .map((rest) => [{ kind: "property" as const, name: "value" }, ...rest]),
});

const comparison = fc
  .record({
    kind: fc.constant("comparison" as const),
    path,
    operator: fc.constantFrom(
      "=" as const,
      "!=" as const,
      "LIKE" as const,
      "MATCHES" as const,
      "IN" as const,
    ),
    negated: fc.boolean(),
    value: literal,
  })
  .map((c) => {
    if (c.operator === "IN") return { ...c, value: { kind: "set" as const, values: [c.value] } };
    if (c.operator === "LIKE" || c.operator === "MATCHES")
      return { ...c, value: { kind: "string" as const, value: "ab" } };
    return c;
  });

const comparisonExpression: fc.Arbitrary<ComparisonExpression> = fc.letrec<{ expr: ComparisonExpression }>(
  (tie) => ({
    expr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      comparison,
      fc.record({
        kind: fc.constantFrom("comparison-and" as const, "comparison-or" as const),
        left: tie("expr"),
        right: tie("expr"),
      }),
    ),
  }),
).expr;

const observation: fc.Arbitrary<ObservationExpression> = fc.letrec<{ expr: ObservationExpression }>(
  (tie) => ({
    expr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      comparisonExpression.map((c) => ({ kind: "observation" as const, comparison: c })),
      fc.record({
        kind: fc.constantFrom("observation-and" as const, "observation-or" as const, "followedby" as const),
        left: tie("expr"),
        right: tie("expr"),
      }),
      fc.record({
        kind: fc.constant("qualified" as const),
        expression: tie("expr"),
        qualifier: fc.oneof(
          fc.integer({ min: 1, max: 1000 }).map((seconds) => ({ kind: "within" as const, seconds })),
          fc.integer({ min: 1, max: 50 }).map((times) => ({ kind: "repeats" as const, times })),
        ),
      }),
    ),
  }),
).expr;

describe("pattern parser properties", () => {
  it("print(parse(print(ast))) is the same AST: the printer's output always re-parses", () => {
    fc.assert(
      fc.property(observation, (ast) => {
        const text = printPattern(ast);
        const reparsed = parsePattern(text);
        expect(reparsed).toEqual(ast);
        expect(printPattern(reparsed)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it("random input never crashes or hangs the parser: it parses or throws PatternSyntaxError with an offset in range", () => {
    const alphabet = fc.constantFrom(..."[]()':=!<>.,*-_ abcdefxyz0123456789ANDORNOTINhbt\\".split(""));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: alphabet, maxLength: 80 })), (input) => {
        try {
          parsePattern(input);
        } catch (error) {
          expect(error).toBeInstanceOf(PatternSyntaxError);
          const offset = (error as PatternSyntaxError).offset;
          expect(offset).toBeGreaterThanOrEqual(0);
          expect(offset).toBeLessThanOrEqual(input.length);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("10,000 nested parentheses give a clear error, not a stack overflow", () => {
    const deep = `${"(".repeat(10_000)}[ipv4-addr:value = '1.2.3.4']${")".repeat(10_000)}`;
    expect(() => parsePattern(deep)).toThrow(new RegExp(`nesting deeper than ${MAX_NESTING} levels`));
    const deepComparison = `[${"(".repeat(10_000)}ipv4-addr:value = '1.2.3.4'${")".repeat(10_000)}]`;
    expect(() => parsePattern(deepComparison)).toThrow(PatternSyntaxError);
  });

  it("long chains (10,000 ORed addresses, observations, ANDs or qualifiers) parse, extract and print without deep recursion", () => {
    const addresses = Array.from({ length: 10_000 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
    const orList = `[${addresses.map((a) => `ipv4-addr:value = '${a}'`).join(" OR ")}]`;
    expect(observablesOfPattern(orList).observables).toHaveLength(10_000);
    expect(printPattern(parsePattern(orList))).toBe(orList);

    // One observation the one-pass route does not read (>) sends the whole pattern through the parser and the walker.
    const observations = [...addresses.map((a) => `[ipv4-addr:value = '${a}']`), "[file:size > 5]"].join(
      " OR ",
    );
    const extracted = observablesOfPattern(observations);
    expect(extracted.observables).toHaveLength(10_000);
    expect(extracted.nonAtomic).toBe(1);
    expect(printPattern(parsePattern(observations))).toBe(observations);

    const andList = `[${addresses.map((_, i) => `file:name = 'f${i}'`).join(" AND ")}]`;
    // Issue 19, item 6: every value of a repeated property is an IOC (the old code kept only f0).
    const anded = observablesOfPattern(andList);
    expect(anded.observables).toHaveLength(10_000);
    expect(anded.observables[9_999]).toEqual({ type: "file", value: "f9999", file_name: "f9999" });
    expect(anded.nonAtomic).toBe(1);

    const qualified = `([x-acme:name = 'a'])${" REPEATS 2 TIMES".repeat(10_000)}`;
    expect(printPattern(parsePattern(qualified))).toBe(qualified);
    expect(observablesOfPattern(qualified).problems).toEqual([]);
  });

  it("prints minimal parentheses: only where precedence or a right-nested group needs them", () => {
    for (const [input, canonical] of [
      ["[(a:b = 1 OR c:d = 2) OR e:f = 3]", "[a:b = 1 OR c:d = 2 OR e:f = 3]"],
      ["[a:b = 1 OR (c:d = 2 OR e:f = 3)]", "[a:b = 1 OR (c:d = 2 OR e:f = 3)]"],
      ["[(a:b = 1 AND c:d = 2) OR e:f = 3]", "[a:b = 1 AND c:d = 2 OR e:f = 3]"],
      ["[a:b = 1 AND (c:d = 2 OR e:f = 3)]", "[a:b = 1 AND (c:d = 2 OR e:f = 3)]"],
      ["([a:b = 1] OR [c:d = 2]) AND [e:f = 3]", "([a:b = 1] OR [c:d = 2]) AND [e:f = 3]"],
      ["[a:b = 1] AND ([c:d = 2] AND [e:f = 3])", "[a:b = 1] AND ([c:d = 2] AND [e:f = 3])"],
      [
        "([a:b = 1] FOLLOWEDBY [c:d = 2]) FOLLOWEDBY [e:f = 3]",
        "[a:b = 1] FOLLOWEDBY [c:d = 2] FOLLOWEDBY [e:f = 3]",
      ],
      [
        "([a:b = 1] OR [c:d = 2]) WITHIN 5 SECONDS REPEATS 2 TIMES",
        "([a:b = 1] OR [c:d = 2]) WITHIN 5 SECONDS REPEATS 2 TIMES",
      ],
    ])
      expect(printPattern(parsePattern(input as string)), input).toBe(canonical);
  });

  it("prints a canonical form", () => {
    expect(
      printPattern(
        parsePattern(
          "[ file:hashes.'SHA-256'='ab'  AND file:name=='x']   OR ([a-b:c = 1] FOLLOWEDBY [a-b:c=2]) WITHIN 5 SECONDS",
        ),
      ),
    ).toBe(
      "[file:hashes.'SHA-256' = 'ab' AND file:name = 'x'] OR ([a-b:c = 1] FOLLOWEDBY [a-b:c = 2]) WITHIN 5 SECONDS",
    );
  });
});
