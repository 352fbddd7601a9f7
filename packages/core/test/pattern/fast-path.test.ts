import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { observablesOfPattern, patternObservables } from "../../src/ioc/pattern-observables/index.js";
import { parseFlatPattern } from "../../src/stix/pattern/fast-path.js";
import { parsePattern, parsePatternFully } from "../../src/stix/pattern/parser.js";

function fully(input: string): unknown {
  try {
    return parsePatternFully(input);
  } catch {
    return "error";
  }
}

/** The AST, or the error with its offset: the scanning parser must fail exactly where the token parser fails. */
function outcome(parse: (input: string) => unknown, input: string): unknown {
  try {
    return parse(input);
  } catch (error) {
    return { error: (error as Error).message, offset: (error as { offset?: number }).offset };
  }
}

const token = fc.constantFrom(
  "[",
  "]",
  " ",
  "\t",
  ":",
  ".",
  "=",
  "'",
  "\\",
  "ipv4-addr",
  "file",
  "hashes",
  "'SHA-256'",
  "value",
  "AND",
  "OR",
  "true",
  "x-acme",
  "Bad-Type",
  "a-b",
  "'1.2.3.4'",
  "'it''s'",
  "WITHIN 5 SECONDS",
  "h'00'",
  "!=",
  "1",
);

/** Object types the generators draw from: the one-pass route's own, others of the vocabulary, a custom one. */
const OBJECT_TYPES = [
  "ipv4-addr",
  "ipv6-addr",
  "domain-name",
  "url",
  "email-addr",
  "mac-addr",
  "file",
  "artifact",
  "x509-certificate",
  "x-acme",
  "process",
];

/**
 * Patterns near the flat shape the one-pass routes read (ObservationScan). Half are well-formed (valid and invalid
 * values, names outside the vocabulary, every qualifier); the other half also draw the variations that must send a
 * pattern to the full parser: keywords and booleans in name positions, other operators and literals, list indexes,
 * parentheses, mixed AND/OR, bad qualifiers, missing brackets, missing or run-on blanks.
 */
const nearFlat = fc.boolean().chain((noisy) => {
  // Noisy patterns draw an odd variant at each place one time in eight, so many have exactly one thing wrong.
  const pick = <T>(clean: T[], odd: T[]) =>
    noisy
      ? fc.oneof(
          { weight: 7, arbitrary: fc.constantFrom(...clean) },
          { weight: 1, arbitrary: fc.constantFrom(...odd) },
        )
      : fc.constantFrom(...clean);
  const blank = pick([" ", " ", "", "\t"], ["\n  "]);
  const objectType = pick(
    [...OBJECT_TYPES, "file", "network-traffic", "no-such-type"],
    ["true", "false", "AND", "Bad-Type"],
  );
  const path = pick(
    [
      "value",
      "value",
      "hashes.MD5",
      "hashes.'SHA-256'",
      "hashes.sha256",
      "hashes.'SHA3-256'",
      "hashes.'x-custom'",
      "hashes.true",
      "name",
      "'value'",
      "x_custom",
      "dst_ref.value",
      "command_line",
      "no_such_property",
      "''.x",
    ],
    ["hashes.OR", "value[0]", "a-b", "hashes.'open"],
  );
  const literal = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        "'198.51.100.7'",
        "'10.0.0.0/8'",
        "'2001:DB8::1'",
        "'Evil.Example.'",
        "'a@B.example'",
        "'d41d8cd98f00b204e9800998ecf8427e'",
        "'D41D8CD98F00B204E9800998ECF8427E'",
        "'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'",
        "'9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08'",
        "'https://x.example/a'",
        "'not an address'",
        "''",
      ),
    },
    {
      weight: 2,
      arbitrary: fc
        .string({ maxLength: 12 })
        .filter((v) => !v.includes("'") && !v.includes("\\"))
        .map((v) => `'${v}'`),
    },
    {
      weight: noisy ? 1 : 0,
      arbitrary: fc.constantFrom(
        "443",
        "h'00'",
        "t'2026-01-01T00:00:00Z'",
        "true",
        "'it\\'s'",
        "'open",
        "('a', 'b')",
      ),
    },
  );
  const operator = pick(["=", " = ", "="], ["==", "!=", "IN", "LIKE", "NOT =", "= ="]);
  const comparison = fc
    .tuple(blank, objectType, pick([":"], [" : ", ""]), path, blank, operator, blank, literal)
    .map(([b1, type, colon, p, b2, op, b3, value]) => `${b1}${type}${colon}${p}${b2}${op}${b3}${value}`);
  const observation = fc
    .tuple(
      pick(["["], ["(["]),
      comparison,
      pick([" AND ", " OR "], ["AND", " and ", " OR (", ")", ", "]),
      fc.array(fc.tuple(pick([""], [" AND ", " OR "]), comparison), { maxLength: 3 }),
      pick(["]", " ] "], ["])", ""]),
    )
    .map(
      ([open, first, join, rest, close]) =>
        `${open}${first}${rest.map(([odd, c]) => (odd || join) + c).join("")}${close}`,
    );
  const qualifier = pick(
    [
      " WITHIN 600 SECONDS",
      " REPEATS 2 TIMES",
      " START t'2026-01-01T00:00:00Z' STOP t'2026-01-02T00:00:00Z'",
      " START t'2026-01-01T00:00:00Z'STOP t'2026-01-02T00:00:00.5Z'",
    ],
    [
      " WITHIN 1.5 SECONDS",
      " WITHIN 0600 SECONDS",
      " WITHIN 0 SECONDS",
      " WITHIN 5SECONDS",
      " WITHIN5 SECONDS",
      " WITHIN -5 SECONDS",
      " REPEATS 2.0 TIMES",
      " REPEATS 3 SECONDS",
      " START t'2026-01-02T00:00:00Z' STOP t'2026-01-01T00:00:00Z'",
      " START t'2026-02-30T00:00:00Z' STOP t'2026-03-01T00:00:00Z'",
      " START '2026-01-01T00:00:00Z' STOP t'2026-01-02T00:00:00Z'",
      " within 5 seconds",
    ],
  );
  const qualified = fc
    .tuple(observation, fc.array(qualifier, { maxLength: 2 }))
    .map(([o, qs]) => o + qs.join(""));
  const observationJoin = pick([" AND ", " OR ", " FOLLOWEDBY ", "OR"], [" followedby ", " AND (", " "]);
  return fc
    .tuple(blank, qualified, fc.array(fc.tuple(observationJoin, qualified), { maxLength: 4 }), blank)
    .map(([b1, first, rest, b2]) => b1 + first + rest.map(([j, o]) => j + o).join("") + b2);
});

/** Well-formed patterns in the shape the one-pass routes read. */
const FLAT_SHAPES = [
  "[ipv4-addr:value = '198.51.100.1']",
  "  [ file : hashes . 'SHA-256' = 'abc' ]  ",
  "[x-acme-thing:x_field = '']",
  "[email-message:from_ref.value = 'a@b.example']",
  "[domain-name:value='evil.example']",
  "[ipv4-addr:value = '1.2.3.4'] WITHIN 5 SECONDS",
  "[ipv4-addr:value = '1.2.3.4' OR ipv4-addr:value = '5.6.7.8' OR url:value = 'x']",
  "[file:hashes.MD5 = 'a' AND file:hashes.'SHA-256' = 'b'] OR [ipv4-addr:value = '1.2.3.4']",
  "[a:b = 'x'] OR [c:d = 'y'] AND [e:f = 'z'] FOLLOWEDBY [g:h = 'w'] OR [i:j = 'v'] AND [k:l = 'u']",
  "[a:b = 'x'] REPEATS 2 TIMES WITHIN 60 SECONDS FOLLOWEDBY [c:d = 'y'] START t'2026-01-01T00:00:00Z' STOP t'2026-01-01T00:00:01Z'",
];

/** Well-formed patterns the full parser reads (with the equality scanner inside). */
const OTHER_SHAPES = [
  "([url:value = 'x' OR url:value='y']) FOLLOWEDBY [domain-name:value = 'z'] WITHIN 5 SECONDS",
  "[network-traffic:dst_ref.value = '10.0.0.1' AND network-traffic:dst_port = 443]",
  "[file:name = 'a' AND file:size NOT > 3] REPEATS 2 TIMES",
  "[(process:name = 'a' OR process:name = 'b') AND process:pid = 4]",
];

describe("flat-pattern fast path", () => {
  it("builds exactly the AST of the full parser on the common shapes", () => {
    for (const pattern of FLAT_SHAPES) {
      const flat = parseFlatPattern(pattern);
      expect(flat, pattern).toBeDefined();
      expect(flat, pattern).toEqual(parsePatternFully(pattern));
    }
  });

  it("hands everything else to the full parser (escapes, parentheses, mixed AND/OR, other literals, errors)", () => {
    for (const pattern of [
      "[ipv4-addr:value = 'it\\'s']",
      "([ipv4-addr:value = '1.2.3.4'])",
      "[ipv4-addr:value = '1.2.3.4' OR ipv4-addr:value = '5.6.7.8' AND url:value = 'x']",
      "[ipv4-addr:value = '1.2.3.4'] WITHIN 1.5 SECONDS",
      "[file:size = 10]",
      "[file:hashes.MD5 = h'00']",
      "[ipv4-addr:value != '1.2.3.4']",
      "[ipv4-addr:value = 'x'] WITHIN 5 SECONDS WITHIN 6 SECONDS",
      "[true:value = 'x']",
      "[ipv4-addr:AND = 'x']",
      "[ipv4-addr:a-b = 'x']",
      "[ipv4-addr:value = 'x'",
      "[ipv4-addr:value = 'x'] OR",
      "[ipv4-addr:value[0] = 'x']",
    ]) {
      expect(parseFlatPattern(pattern), pattern).toBeUndefined();
    }
  });

  it("whenever it answers, it agrees with the full parser (random token soups)", () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 14 }), (tokens) => {
        const input = tokens.join("");
        const fast = parseFlatPattern(input);
        if (fast !== undefined) expect(fast).toEqual(fully(input));
      }),
      { numRuns: 20_000 },
    );
  });

  it("whenever it answers on arbitrary strings, it agrees with the full parser", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (tail) => {
        for (const input of [
          `[ipv4-addr:value = '${tail}']`,
          `[file:${tail} = 'x']`,
          `[a:b = 'x']${tail}`,
          tail,
        ]) {
          const fast = parseFlatPattern(input);
          if (fast !== undefined) expect(fast).toEqual(fully(input));
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it("on patterns near the flat shape, parsePattern gives the token parser's AST or its exact error", () => {
    let answered = 0;
    fc.assert(
      fc.property(nearFlat, (input) => {
        if (parseFlatPattern(input) !== undefined) answered++;
        expect(outcome(parsePattern, input), input).toEqual(outcome(parsePatternFully, input));
      }),
      { numRuns: 20_000 },
    );
    // The generator must exercise the fast path itself, not only the fallback.
    expect(answered).toBeGreaterThan(2_000);
  });
});

describe("remembered comparison prefixes", () => {
  it("are reused only for the same text: many similar prefixes in any order parse as the token parser says", () => {
    const paths = [
      "hashes.MD5",
      "hashes.'SHA-256'",
      "hashes.'SHA-1'",
      "hashes.md5",
      "name",
      "size",
      "hashes",
      "x_a",
    ];
    const prefixes = ["file", "artifact"].flatMap((type) =>
      paths.flatMap((path) => ["=", " = ", "= ", " ="].map((eq) => `${type}:${path}${eq}`)),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom(...prefixes),
            fc.constantFrom("'a'", "'ab", "5", "'x' OR file:name = 'y'"),
          ),
          { minLength: 1, maxLength: 40 },
        ),
        (comparisons) => {
          for (const [prefix, literal] of comparisons) {
            const pattern = `[${prefix}${literal}]`;
            expect(outcome(parsePattern, pattern), pattern).toEqual(outcome(parsePatternFully, pattern));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("equality scanner inside the full parser", () => {
  const compound = fc
    .array(
      fc.array(token, { maxLength: 8 }).map((t) => t.join("")),
      { minLength: 1, maxLength: 4 },
    )
    .map((parts) => parts.join(" AND "));

  it("gives the token parser's AST or its exact error on compound token soups", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          compound,
          fc.array(token, { maxLength: 20 }).map((t) => t.join("")),
        ),
        (input) => {
          expect(outcome(parsePattern, input)).toEqual(outcome(parsePatternFully, input));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it("gives the token parser's AST on well-formed patterns of every shape", () => {
    for (const pattern of [...FLAT_SHAPES, ...OTHER_SHAPES])
      expect(parsePattern(pattern), pattern).toEqual(parsePatternFully(pattern));
  });
});

describe("one-pass extraction of the commonest shapes", () => {
  const general = (pattern: string) => outcome((p) => patternObservables(parsePatternFully(p)), pattern);
  const onePass = (pattern: string) => outcome(observablesOfPattern, pattern);

  const objectType = fc.constantFrom(...OBJECT_TYPES);
  const path = fc.constantFrom(
    "value",
    "hashes.MD5",
    "hashes.'SHA-256'",
    "hashes.sha1",
    "hashes.'__proto__'",
    "hashes.constructor",
    "hashes.'x-custom'",
    "hashes",
    "name",
    "value.x",
    "'value'",
  );
  const value = fc.oneof(
    fc.constantFrom(
      "198.51.100.7",
      "10.0.0.0/8",
      "1.2.3.4/32",
      "01.2.3.4",
      "2001:DB8::1",
      "Evil.Example.COM.",
      "a@B.example",
      "https://x.example/a b",
      "00:1A:2b:3c:4d:5e",
      "d41d8cd98f00b204e9800998ecf8427e",
      "D41D8CD98F00B204E9800998ECF8427E",
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      " padded ",
      "",
    ),
    fc.string({ maxLength: 40 }).filter((s) => !s.includes("'") && !s.includes("\\")),
  );

  it("gives the general route's IOCs, problems and counts for every type, path and value", () => {
    fc.assert(
      fc.property(objectType, path, value, (type, p, v) => {
        const pattern = `[${type}:${p} = '${v}']`;
        expect(onePass(pattern), pattern).toEqual(general(pattern));
      }),
      { numRuns: 20_000 },
    );
  });

  it("agrees with the general route on typical compound indicators", () => {
    const md5 = "'d41d8cd98f00b204e9800998ecf8427e'";
    const sha = "'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'";
    const other = "'9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'";
    for (const pattern of [
      `[file:hashes.MD5 = ${md5} AND file:hashes.'SHA-256' = ${sha}] OR [ipv4-addr:value = '198.51.100.7']`,
      `[file:hashes.sha256 = ${sha} AND file:hashes.'SHA-256' = ${other}]`,
      `[file:hashes.MD5 = 'nothex' AND file:hashes.'SHA-256' = ${sha}]`,
      `[artifact:hashes.MD5 = ${md5} AND file:hashes.MD5 = ${md5}]`,
      `[file:hashes.MD5 = ${md5} AND file:name = 'a.exe' AND file:hashes.'SHA-256' = ${sha}]`,
      "[domain-name:value = 'a.example' OR domain-name:value = 'A.example.'] WITHIN 600 SECONDS",
      "[network-traffic:dst_ref.value = '198.51.100.7' AND network-traffic:src_ref.value = 'b.example']",
      "[email-message:from_ref.value = 'A@B.example' AND email-message:subject = 'hi'] FOLLOWEDBY [url:value = 'x']",
    ])
      expect(onePass(pattern), pattern).toEqual(general(pattern));
  });

  it("agrees with the general route on patterns near the flat shape (compounds, qualifiers, errors)", () => {
    let extracted = 0;
    fc.assert(
      fc.property(nearFlat, (pattern) => {
        const result = onePass(pattern);
        if ((result as { observables?: unknown[] }).observables?.length) extracted++;
        expect(result, pattern).toEqual(general(pattern));
      }),
      { numRuns: 20_000 },
    );
    expect(extracted).toBeGreaterThan(2_000);
  });

  it("agrees with the general route on token soups, including the errors", () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 14 }), (tokens) => {
        const pattern = tokens.join("");
        expect(onePass(pattern)).toEqual(general(pattern));
      }),
      { numRuns: 20_000 },
    );
  });
});

describe("names that are Object.prototype members", () => {
  it("parse as plain property names (the lexer's keyword table is looked up by own keys only)", () => {
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty"])
      expect(parsePatternFully(`[file:${name} = 'x']`)).toMatchObject({
        comparison: { path: { steps: [{ kind: "property", name }] } },
      });
  });
});
