import type { Comparison, PathStep } from "./ast.js";
import { isIdentStart, skipSpaces } from "./chars.js";
import { isKeyword, isReservedWord } from "./keywords.js";
import { PrefixMemo, type ScannedPath } from "./prefix-memo.js";
import { knownTypeAt, plainNameAt, quotedNameAt, sharedTextAt, sharedWordAt } from "./shared-names.js";

const QUOTE = 39;

/** What a scan read: `objectType:steps[0].steps[1]… = 'value'`, names shared with the vocabulary; reused between scans. */
export class EqualityScan implements ScannedPath {
  objectType = "";
  /** Property names of the path: the first `stepCount` entries (the array is reused, not cleared). */
  readonly steps: string[] = [];
  stepCount = 0;
  value = "";
  /** Index just after the literal's closing quote. */
  end = 0;
}

const memo = new PrefixMemo();

/**
 * Nearly every comparison in a feed is `type:path = 'literal'`. This scans exactly that shape over char codes, from
 * `from` (leading blanks allowed) to the literal's closing quote; anything else (other operators or literals, list
 * indexes, names the grammar refuses) returns false and the token parser takes over, producing every error
 * message. Callers must not use it on input that contains a backslash: literals are scanned with a plain indexOf.
 * test/pattern/fast-path.test.ts checks it against the token parser on generated and random input.
 */
export function scanEquality(input: string, from: number, scan: EqualityScan): boolean {
  let literal = memo.recall(input, from, scan);
  if (literal < 0) {
    literal = scanPrefix(input, from, scan);
    if (literal < 0) return false;
    memo.remember(input, from, literal, scan);
  }
  const close = input.indexOf("'", literal);
  if (close < 0) return false;
  scan.value = input.slice(literal, close);
  scan.end = close + 1;
  return true;
}

/** Reads `type:path = '` from `from` into the scan; the index just after the opening quote, or -1. */
function scanPrefix(input: string, from: number, scan: EqualityScan): number {
  let i = skipSpaces(input, from);
  if (!isIdentStart(input.charCodeAt(i))) return -1;
  let objectType = knownTypeAt(input, i);
  if (objectType === undefined) {
    objectType = sharedWordAt(input, i);
    // Any identifier is an object type, but `true`, `false` and the keywords lex as something else.
    if (isKeyword(objectType)) return -1;
  }
  i = skipSpaces(input, i + objectType.length);
  if (input.charCodeAt(i) !== 58) return -1;
  i++;
  const steps = scan.steps;
  let count = 0;
  for (;;) {
    i = skipSpaces(input, i);
    const c = input.charCodeAt(i);
    if (c === QUOTE) {
      const start = i + 1;
      let name = quotedNameAt(input, start);
      if (name === undefined) {
        const close = input.indexOf("'", start);
        if (close < 0) return -1;
        name = sharedTextAt(input, start, close);
      }
      steps[count++] = name;
      i = start + name.length + 1;
    } else if (isIdentStart(c)) {
      let name = plainNameAt(input, i);
      if (name === undefined) {
        name = sharedWordAt(input, i);
        if (name.includes("-") || isReservedWord(name)) return -1;
      }
      steps[count++] = name;
      i += name.length;
    } else return -1;
    i = skipSpaces(input, i);
    if (input.charCodeAt(i) !== 46) break;
    i++;
  }
  if (input.charCodeAt(i) !== 61) return -1;
  i = skipSpaces(input, i + 1);
  if (input.charCodeAt(i) !== QUOTE) return -1;
  scan.objectType = objectType;
  scan.stepCount = count;
  return i + 1;
}

/** The AST node of a scanned equality, exactly as the token parser builds it. */
export function comparisonOf(scan: EqualityScan): Comparison {
  const steps: PathStep[] = [];
  for (let k = 0; k < scan.stepCount; k++) steps.push({ kind: "property", name: scan.steps[k] as string });
  return {
    kind: "comparison",
    path: { objectType: scan.objectType, steps },
    operator: "=",
    negated: false,
    value: { kind: "string", value: scan.value },
  };
}
