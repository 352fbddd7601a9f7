import { twoCharHash } from "./chars.js";
import { VOCABULARY_NAMES } from "./vocabulary.js";

/** What the scan of a comparison's prefix `type:path = '` found: the object type and the path's property names. */
export interface ScannedPath {
  objectType: string;
  readonly steps: string[];
  stepCount: number;
}

interface Remembered {
  text: string;
  /** Offset and char code of a character near the middle of `text`: a cheap read that rules out most other prefixes. */
  probe: number;
  probeCode: number;
  objectType: string;
  steps: string[];
}

/** Longer prefixes are read every time. */
const MAX_PREFIX = 96;
const SETS = 256;
/** Prefixes kept per set: a feed mixing file:name, file:size and several file:hashes.* keeps all of them. */
const WAYS = 8;

/** A fresh copy of input[start, end), so that the memo does not keep a large pattern alive through a slice of it. */
function copyOf(input: string, start: number, end: number): string {
  const codes: number[] = [];
  for (let i = start; i < end; i++) codes.push(input.charCodeAt(i));
  return String.fromCharCode(...codes);
}

const setOf = (input: string, at: number) => twoCharHash(input, at) & (SETS - 1);

/**
 * Feeds write the same few comparison prefixes (`domain-name:value = '`, `file:hashes.'SHA-256' = '`) over and
 * over. The scan of such a prefix depends on its characters alone, so recent scans are kept, in sets chosen by the
 * first two characters: a comparison that starts with a remembered text takes its result with one native
 * startsWith instead of being read again. Only prefixes made of vocabulary names are kept (they hold no slice of a
 * pattern), and the table has a fixed size; a full set forgets its oldest prefix.
 */
export class PrefixMemo {
  private readonly sets: Remembered[][] = Array.from({ length: SETS }, () => []);
  private readonly oldest = new Uint8Array(SETS);

  /** When input[at…] starts with a remembered prefix: copies its scan into `path`, returns the index after it; else -1. */
  recall(input: string, at: number, path: ScannedPath): number {
    const set = this.sets[setOf(input, at)] as Remembered[];
    for (let k = 0; k < set.length; k++) {
      const entry = set[k] as Remembered;
      if (input.charCodeAt(at + entry.probe) !== entry.probeCode || !input.startsWith(entry.text, at))
        continue;
      path.objectType = entry.objectType;
      const steps = entry.steps;
      for (let s = 0; s < steps.length; s++) path.steps[s] = steps[s] as string;
      path.stepCount = steps.length;
      return at + entry.text.length;
    }
    return -1;
  }

  /** Keeps the scan of input[at, end) (a whole prefix, through the literal's opening quote) for later recalls. */
  remember(input: string, at: number, end: number, path: ScannedPath): void {
    if (end - at > MAX_PREFIX || !VOCABULARY_NAMES.has(path.objectType)) return;
    const steps = path.steps.slice(0, path.stepCount);
    if (!steps.every((step) => VOCABULARY_NAMES.has(step))) return;
    const probe = (end - at) >> 1;
    const entry = {
      text: copyOf(input, at, end),
      probe,
      probeCode: input.charCodeAt(at + probe),
      objectType: path.objectType,
      steps,
    };
    const index = setOf(input, at);
    const set = this.sets[index] as Remembered[];
    if (set.length < WAYS) set.push(entry);
    else {
      const oldest = this.oldest[index] as number;
      set[oldest] = entry;
      this.oldest[index] = (oldest + 1) % WAYS;
    }
  }
}
