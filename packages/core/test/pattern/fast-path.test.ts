import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { observablesOfPattern, patternObservables } from "../../src/ioc/pattern-observables.js";
import { parseSimpleEquality } from "../../src/stix/pattern/fast-path.js";
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

describe("single-equality fast path", () => {
  it("builds exactly the AST of the full parser on the common shapes", () => {
    for (const pattern of [
      "[ipv4-addr:value = '198.51.100.1']",
      "  [ file : hashes . 'SHA-256' = 'abc' ]  ",
      "[x-acme-thing:x_field = '']",
      "[email-message:from_ref.value = 'a@b.example']",
      "[domain-name:value='evil.example']",
    ]) {
      expect(parseSimpleEquality(pattern), pattern).toEqual(parsePatternFully(pattern));
    }
  });

  it("hands everything else to the full parser (escapes, qualifiers, compounds, other literals, errors)", () => {
    for (const pattern of [
      "[ipv4-addr:value = 'it\\'s']",
      "[ipv4-addr:value = '1.2.3.4'] WITHIN 5 SECONDS",
      "[ipv4-addr:value = '1.2.3.4' OR ipv4-addr:value = '5.6.7.8']",
      "[file:size = 10]",
      "[file:hashes.MD5 = h'00']",
      "[ipv4-addr:value != '1.2.3.4']",
      "[Bad-Type:value = 'x']",
      "[ipv4-addr:AND = 'x']",
      "[ipv4-addr:a-b = 'x']",
      "[ipv4-addr:value = 'x'",
      "[ipv4-addr:value[0] = 'x']",
    ]) {
      expect(parseSimpleEquality(pattern), pattern).toBeUndefined();
    }
  });

  it("whenever it answers, it agrees with the full parser (random token soups)", () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 14 }), (tokens) => {
        const input = tokens.join("");
        const fast = parseSimpleEquality(input);
        if (fast !== undefined) expect(fast).toEqual(fully(input));
      }),
      { numRuns: 20_000 },
    );
  });

  it("whenever it answers on arbitrary strings, it agrees with the full parser", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (tail) => {
        for (const input of [`[ipv4-addr:value = '${tail}']`, `[file:${tail} = 'x']`, tail]) {
          const fast = parseSimpleEquality(input);
          if (fast !== undefined) expect(fast).toEqual(fully(input));
        }
      }),
      { numRuns: 5_000 },
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

  it("gives the token parser's AST on well-formed compound patterns", () => {
    for (const pattern of [
      "[file:hashes.MD5 = 'a' AND file:hashes.'SHA-256' = 'b'] OR [ipv4-addr:value = '1.2.3.4']",
      "([url:value = 'x' OR url:value='y']) FOLLOWEDBY [domain-name:value = 'z'] WITHIN 5 SECONDS",
      "[network-traffic:dst_ref.value = '10.0.0.1' AND network-traffic:dst_port = 443]",
      "[file:name = 'a' AND file:size NOT > 3] REPEATS 2 TIMES",
      "[(process:name = 'a' OR process:name = 'b') AND process:pid = 4]",
    ])
      expect(parsePattern(pattern), pattern).toEqual(parsePatternFully(pattern));
  });
});

describe("one-pass extraction of the commonest shapes", () => {
  const general = (pattern: string) => outcome((p) => patternObservables(parsePatternFully(p)), pattern);
  const onePass = (pattern: string) => outcome(observablesOfPattern, pattern);

  const objectType = fc.constantFrom(
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
  );
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
