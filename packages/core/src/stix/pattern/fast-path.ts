import type { ObservationExpression, PathStep } from "./ast.js";
import { RESERVED_WORDS } from "./keywords.js";

const QUOTE = 39;

const OBJECT_TYPE = /^[a-z0-9][a-z0-9-]*[a-z0-9]$|^[a-z0-9]$/;

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
const isIdentStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isIdentPart = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57) || c === 45;

/** The closing quote of a literal that starts at `start`, or -1 when there is none or the literal has escapes. */
function closingQuote(input: string, start: number): number {
  const end = input.indexOf("'", start);
  if (end < 0) return -1;
  const backslash = input.indexOf("\\", start);
  return backslash >= 0 && backslash < end ? -1 : end;
}

/**
 * Most indicators in real feeds are one equality on one path: `[type:path = 'value']`. This scanner recognizes
 * exactly that shape (no escapes, no qualifiers, no second comparison) in one pass and builds the AST the full
 * parser would build; anything else returns undefined and goes to the full parser, which also produces every
 * error message. The property test in test/pattern checks the two agree on generated and random input.
 */
export function parseSimpleEquality(input: string): ObservationExpression | undefined {
  const n = input.length;
  let i = 0;
  while (i < n && isSpace(input.charCodeAt(i))) i++;
  if (input.charCodeAt(i) !== 91) return undefined;
  i++;
  while (i < n && isSpace(input.charCodeAt(i))) i++;
  let start = i;
  if (!isIdentStart(input.charCodeAt(i))) return undefined;
  while (i < n && isIdentPart(input.charCodeAt(i))) i++;
  const objectType = input.slice(start, i);
  if (!OBJECT_TYPE.test(objectType)) return undefined;
  while (i < n && isSpace(input.charCodeAt(i))) i++;
  if (input.charCodeAt(i) !== 58) return undefined;
  i++;
  const steps: PathStep[] = [];
  for (;;) {
    while (i < n && isSpace(input.charCodeAt(i))) i++;
    const c = input.charCodeAt(i);
    if (c === QUOTE) {
      start = i + 1;
      i = closingQuote(input, start);
      if (i < 0) return undefined;
      steps.push({ kind: "property", name: input.slice(start, i) });
      i++;
    } else if (isIdentStart(c)) {
      start = i;
      while (i < n && isIdentPart(input.charCodeAt(i))) i++;
      const name = input.slice(start, i);
      if (name.includes("-") || RESERVED_WORDS.has(name)) return undefined;
      steps.push({ kind: "property", name });
    } else return undefined;
    while (i < n && isSpace(input.charCodeAt(i))) i++;
    if (input.charCodeAt(i) !== 46) break;
    i++;
  }
  if (input.charCodeAt(i) !== 61) return undefined;
  i++;
  while (i < n && isSpace(input.charCodeAt(i))) i++;
  if (input.charCodeAt(i) !== QUOTE) return undefined;
  start = i + 1;
  i = closingQuote(input, start);
  if (i < 0) return undefined;
  const value = input.slice(start, i);
  i++;
  while (i < n && isSpace(input.charCodeAt(i))) i++;
  if (input.charCodeAt(i) !== 93) return undefined;
  i++;
  while (i < n && isSpace(input.charCodeAt(i))) i++;
  if (i !== n) return undefined;
  return {
    kind: "observation",
    comparison: {
      kind: "comparison",
      path: { objectType, steps },
      operator: "=",
      negated: false,
      value: { kind: "string", value },
    },
  };
}
