import type { Qualifier } from "./ast.js";
import { isDigit, isIdentStart, skipSpaces, wordEnd } from "./chars.js";
import { EqualityScan, scanEquality } from "./equality-scanner.js";
import { isTimestamp } from "./literals.js";

/** Observations with more comparisons or qualifiers than this go to the full parser: the reused pools stay small. */
const MAX_COMPARISONS = 64;
const MAX_QUALIFIERS = 8;

const QUOTE = 39;
const LEFT_BRACKET = 91;
const RIGHT_BRACKET = 93;
const LOWER_T = 116;

/** How an observation is joined to the next one; "" after the last. */
export type ObservationJoin = "AND" | "OR" | "FOLLOWEDBY" | "";

const isWord = (input: string, start: number, end: number, word: string) =>
  end - start === word.length && input.startsWith(word, start);

/** The word at [start, end) if it joins observations or comparisons. */
function joinAt(input: string, start: number, end: number): ObservationJoin {
  switch (end - start) {
    case 2:
      return input.startsWith("OR", start) ? "OR" : "";
    case 3:
      return input.startsWith("AND", start) ? "AND" : "";
    case 10:
      return input.startsWith("FOLLOWEDBY", start) ? "FOLLOWEDBY" : "";
    default:
      return "";
  }
}

/**
 * Reads, one observation at a time, the patterns nearly every indicator uses: observations holding
 * `type:path = 'literal'` comparisons joined all by OR or all by AND, joined to each other by AND, OR or
 * FOLLOWEDBY, each followed by any WITHIN n SECONDS, REPEATS n TIMES or START t'…' STOP t'…' qualifiers.
 * Anything else (parentheses, other operators or literals, escapes, mixed AND/OR in one observation) makes
 * reset() or next() return false, and the caller falls back to the full parser, which also words every error.
 * What it accepts is a subset of what the full parser accepts (test/pattern/fast-path.test.ts checks it).
 */
export class ObservationScan {
  /** The comparisons of the observation just read: the first `count` entries (the pool is reused). */
  readonly comparisons: EqualityScan[] = [];
  count = 0;
  /** Whether the comparisons are joined by AND; otherwise by OR, or there is only one. */
  conjunctive = false;
  /** The qualifiers of the observation just read, in order: the first `qualifierCount` entries. */
  readonly qualifiers: Qualifier[] = [];
  qualifierCount = 0;
  /** How the observation just read is joined to the next; "" when it is the last. */
  join: ObservationJoin = "";
  /** Whether the observation just read ends the pattern. */
  last = false;
  private input = "";
  private position = 0;

  /** Starts on `input`; false when this scanner cannot read it (a backslash: literals are not decoded here). */
  reset(input: string): boolean {
    this.input = input;
    this.position = 0;
    this.count = 0;
    this.last = false;
    return input.indexOf("\\") < 0;
  }

  /** Reads the next observation (none is left after the `last` one); false where the pattern leaves the shape. */
  next(): boolean {
    if (this.last) return false;
    const input = this.input;
    let i = skipSpaces(input, this.position);
    if (input.charCodeAt(i) !== LEFT_BRACKET) return false;
    let from = i + 1;
    let count = 0;
    let joinedBy: ObservationJoin = "";
    for (;;) {
      if (count === MAX_COMPARISONS) return false;
      let scan = this.comparisons[count];
      if (scan === undefined) {
        scan = new EqualityScan();
        this.comparisons.push(scan);
      }
      if (!scanEquality(input, from, scan)) return false;
      count++;
      i = skipSpaces(input, scan.end);
      if (input.charCodeAt(i) === RIGHT_BRACKET) break;
      from = wordEnd(input, i);
      const join = joinAt(input, i, from);
      if ((join !== "AND" && join !== "OR") || (joinedBy && join !== joinedBy)) return false;
      joinedBy = join;
    }
    this.count = count;
    this.conjunctive = joinedBy === "AND";
    this.qualifierCount = 0;
    i++;
    for (;;) {
      i = skipSpaces(input, i);
      if (i >= input.length) {
        this.join = "";
        this.last = true;
        return true;
      }
      const end = wordEnd(input, i);
      const join = joinAt(input, i, end);
      if (join) {
        this.join = join;
        this.position = end;
        return true;
      }
      if (this.qualifierCount === MAX_QUALIFIERS) return false;
      if (isWord(input, i, end, "WITHIN")) i = this.positiveCount(input, end, "within");
      else if (isWord(input, i, end, "REPEATS")) i = this.positiveCount(input, end, "repeats");
      else if (isWord(input, i, end, "START")) i = this.startStop(input, end);
      else return false;
      // A second qualifier of one kind is an error, which the full parser words.
      if (i < 0 || this.repeatsQualifier()) return false;
    }
  }

  /** Whether the qualifier just read is of a kind the observation already had. */
  private repeatsQualifier(): boolean {
    const last = this.qualifierCount - 1;
    const kind = (this.qualifiers[last] as Qualifier).kind;
    for (let k = 0; k < last; k++) if ((this.qualifiers[k] as Qualifier).kind === kind) return true;
    return false;
  }

  /** After WITHIN or REPEATS: a positive integer, then SECONDS or TIMES; the index after that word, or -1. */
  private positiveCount(input: string, from: number, kind: "within" | "repeats"): number {
    const start = skipSpaces(input, from);
    let i = start;
    let count = 0;
    for (let c = input.charCodeAt(i); isDigit(c); c = input.charCodeAt(++i)) count = count * 10 + (c - 48);
    // A name run on (5SECONDS) is an error for the full parser to word; a fraction fails on the word check below.
    // Past 15 digits the sum above is no longer exact: the full parser reads such counts.
    // A leading zero (05) is an error for the full parser to word.
    if (count === 0 || i - start > 15 || isIdentStart(input.charCodeAt(i)) || input.charCodeAt(start) === 48)
      return -1;
    i = skipSpaces(input, i);
    const end = wordEnd(input, i);
    if (!isWord(input, i, end, kind === "within" ? "SECONDS" : "TIMES")) return -1;
    this.qualifiers[this.qualifierCount++] =
      kind === "within" ? { kind, seconds: count } : { kind, times: count };
    return end;
  }

  /** After START: t'…' STOP t'…'; the index after it, or -1. */
  private startStop(input: string, from: number): number {
    let i = skipSpaces(input, from);
    const startEnd = timestampEnd(input, i);
    if (startEnd < 0) return -1;
    const start = input.slice(i + 2, startEnd - 1);
    i = skipSpaces(input, startEnd);
    const end = wordEnd(input, i);
    if (!isWord(input, i, end, "STOP")) return -1;
    i = skipSpaces(input, end);
    const stopEnd = timestampEnd(input, i);
    if (stopEnd < 0) return -1;
    const stop = input.slice(i + 2, stopEnd - 1);
    this.qualifiers[this.qualifierCount++] = { kind: "start-stop", start, stop };
    return stopEnd;
  }
}

/** The index after a valid timestamp literal t'…' starting at `at`, or -1. */
function timestampEnd(input: string, at: number): number {
  if (input.charCodeAt(at) !== LOWER_T || input.charCodeAt(at + 1) !== QUOTE) return -1;
  const close = input.indexOf("'", at + 2);
  return close >= 0 && isTimestamp(input.slice(at + 2, close)) ? close + 1 : -1;
}
