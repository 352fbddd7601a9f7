import type { Comparison, PathStep } from "./ast.js";
import { isIdentPart, isIdentStart, isObjectTypeName, isSpace } from "./chars.js";
import { isKeyword, isReservedWord } from "./keywords.js";
import { foldNameHash, isKnownObjectType, sharedNameAt } from "./vocabulary.js";

const QUOTE = 39;

/** What a scan read: `objectType:steps[0].steps[1]… = 'value'`, names shared with the vocabulary; reused between scans. */
export class EqualityScan {
  objectType = "";
  /** Property names of the path: the first `stepCount` entries (the array is reused, not cleared). */
  readonly steps: string[] = [];
  stepCount = 0;
  value = "";
  /** Index just after the literal's closing quote. */
  end = 0;
}

/**
 * Nearly every comparison in a feed is `type:path = 'literal'`. This scans exactly that shape over char codes, from
 * `from` (leading blanks allowed) to the literal's closing quote; anything else (other operators or literals, list
 * indexes, names the grammar refuses) returns false and the token parser takes over, producing every error
 * message. Callers must not use it on input that contains a backslash: literals are scanned with a plain indexOf.
 * test/pattern/fast-path.test.ts checks it against the token parser on generated and random input.
 */
export function scanEquality(input: string, from: number, scan: EqualityScan): boolean {
  const n = input.length;
  let i = from;
  while (i < n && isSpace(input.charCodeAt(i))) i++;
  let start = i;
  if (!isIdentStart(input.charCodeAt(i))) return false;
  let hash = 0;
  for (let c = input.charCodeAt(i); i < n && isIdentPart(c); c = input.charCodeAt(++i))
    hash = foldNameHash(hash, c);
  const objectType = sharedNameAt(input, start, i, hash);
  // `true` and `false` are spelled like object types but lex as booleans, which the grammar refuses there.
  if (!isKnownObjectType(objectType) && (!isObjectTypeName(objectType) || isKeyword(objectType)))
    return false;
  while (i < n && isSpace(input.charCodeAt(i))) i++;
  if (input.charCodeAt(i) !== 58) return false;
  i++;
  const steps = scan.steps;
  let count = 0;
  for (;;) {
    while (i < n && isSpace(input.charCodeAt(i))) i++;
    const c = input.charCodeAt(i);
    if (c === QUOTE) {
      start = i + 1;
      i = input.indexOf("'", start);
      if (i < 0) return false;
      hash = 0;
      for (let k = start; k < i; k++) hash = foldNameHash(hash, input.charCodeAt(k));
      steps[count++] = sharedNameAt(input, start, i, hash);
      i++;
    } else if (isIdentStart(c)) {
      start = i;
      hash = 0;
      for (let c = input.charCodeAt(i); i < n && isIdentPart(c); c = input.charCodeAt(++i))
        hash = foldNameHash(hash, c);
      const name = sharedNameAt(input, start, i, hash);
      if (name.includes("-") || isReservedWord(name)) return false;
      steps[count++] = name;
    } else return false;
    while (i < n && isSpace(input.charCodeAt(i))) i++;
    if (input.charCodeAt(i) !== 46) break;
    i++;
  }
  if (input.charCodeAt(i) !== 61) return false;
  i++;
  while (i < n && isSpace(input.charCodeAt(i))) i++;
  if (input.charCodeAt(i) !== QUOTE) return false;
  start = i + 1;
  i = input.indexOf("'", start);
  if (i < 0) return false;
  scan.objectType = objectType;
  scan.stepCount = count;
  scan.value = input.slice(start, i);
  scan.end = i + 1;
  return true;
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
