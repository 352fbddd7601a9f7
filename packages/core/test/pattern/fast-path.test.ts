import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSimpleEquality } from "../../src/stix/pattern/fast-path.js";
import { parsePatternFully } from "../../src/stix/pattern/parser.js";

function fully(input: string): unknown {
  try {
    return parsePatternFully(input);
  } catch {
    return "error";
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

describe("names that are Object.prototype members", () => {
  it("parse as plain property names (the lexer's keyword table is looked up by own keys only)", () => {
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty"])
      expect(parsePatternFully(`[file:${name} = 'x']`)).toMatchObject({
        comparison: { path: { steps: [{ kind: "property", name }] } },
      });
  });
});
