import { isIdentPart, isIdentStart, twoCharHash } from "./chars.js";
import { OBJECT_TYPES, VOCABULARY_NAMES } from "./vocabulary.js";

// Scanners hand out the vocabulary's own copy of a name instead of cutting it out of the pattern: no allocation,
// and later type switches and Map lookups compare pointers instead of characters.

const QUOTE = 39;

/** The hash sharedNameAt expects, folded over a name's char codes from 0. */
const foldNameHash = (hash: number, charCode: number) => (Math.imul(hash, 31) + charCode) | 0;

// Open addressing over the names, so a scanner that hashed a name while reading it finds the shared copy.
const SLOTS = 1024;
const BY_HASH: Array<string | undefined> = new Array(SLOTS).fill(undefined);
for (const name of VOCABULARY_NAMES) {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = foldNameHash(hash, name.charCodeAt(i));
  let slot = hash & (SLOTS - 1);
  while (BY_HASH[slot] !== undefined) slot = (slot + 1) & (SLOTS - 1);
  BY_HASH[slot] = name;
}

/** The shared copy of input[start, end) when it is a vocabulary name, else that text cut out. */
export function sharedTextAt(input: string, start: number, end: number): string {
  let hash = 0;
  for (let i = start; i < end; i++) hash = foldNameHash(hash, input.charCodeAt(i));
  return sharedNameAt(input, start, end, hash);
}

/** The word (identifier spelling) at `start`, read char by char: the shared copy when it is a vocabulary name. */
export function sharedWordAt(input: string, start: number): string {
  let hash = 0;
  let i = start;
  for (let c = input.charCodeAt(i); isIdentPart(c); c = input.charCodeAt(++i)) hash = foldNameHash(hash, c);
  return sharedNameAt(input, start, i, hash);
}

/** The shared copy of the name at input[start, end) whose foldNameHash is `hash`, or that text cut out when unknown. */
function sharedNameAt(input: string, start: number, end: number, hash: number): string {
  for (let slot = hash & (SLOTS - 1); ; slot = (slot + 1) & (SLOTS - 1)) {
    const name = BY_HASH[slot];
    if (name === undefined) return input.slice(start, end);
    if (name.length === end - start && input.startsWith(name, start)) return name;
  }
}

const GROUPS = 1024;

/** The group of names that may be spelled at `at`, chosen by the first two characters. */
const groupOf = (text: string, at: number) => twoCharHash(text, at) & (GROUPS - 1);

/**
 * Names grouped by their first two characters, longest first: recognizing a known name costs two char reads, a
 * table read and one native startsWith, where reading it char by char costs a loop over every character.
 */
class PrefixTable {
  private readonly groups: string[][] = Array.from({ length: GROUPS }, () => []);

  constructor(names: Iterable<string>) {
    for (const name of names) {
      if (name.length < 2) continue;
      const group = this.groups[groupOf(name, 0)] as string[];
      group.push(name);
      group.sort((a, b) => b.length - a.length);
    }
  }

  /** The name spelled at input[start…] and followed by a char `ends` accepts; undefined when none is. */
  at(input: string, start: number, ends: (charCode: number) => boolean): string | undefined {
    for (const name of this.groups[groupOf(input, start)] as string[]) {
      const last = name.length - 1;
      // The last character first: a cheap read that rules out most longer names sharing the prefix (values, value).
      if (input.charCodeAt(start + last) !== name.charCodeAt(last)) continue;
      if (input.startsWith(name, start) && ends(input.charCodeAt(start + name.length))) return name;
    }
    return undefined;
  }
}

/** Whether a name lexes as one bare word (an identifier). */
const isWordSpelling = (name: string) => {
  if (!isIdentStart(name.charCodeAt(0))) return false;
  for (let i = 1; i < name.length; i++) if (!isIdentPart(name.charCodeAt(i))) return false;
  return true;
};

const endsWord = (charCode: number) => !isIdentPart(charCode);
const endsQuoted = (charCode: number) => charCode === QUOTE;

const TYPES = new PrefixTable(OBJECT_TYPES);
// Property names that may stand unquoted: a word, without the hyphen the grammar refuses there.
const PLAIN_NAMES = new PrefixTable(
  [...VOCABULARY_NAMES].filter((name) => isWordSpelling(name) && !name.includes("-")),
);
const QUOTED_NAMES = new PrefixTable([...VOCABULARY_NAMES].filter((name) => !name.includes("'")));

/** The STIX object type spelled as the whole word at `start`, or undefined. */
export const knownTypeAt = (input: string, start: number) => TYPES.at(input, start, endsWord);

/** The vocabulary property name spelled as the whole word at `start` (a valid bare property name), or undefined. */
export const plainNameAt = (input: string, start: number) => PLAIN_NAMES.at(input, start, endsWord);

/** The vocabulary name quoted from `start` (just after the opening quote) to the closing quote, or undefined. */
export const quotedNameAt = (input: string, start: number) => QUOTED_NAMES.at(input, start, endsQuoted);
