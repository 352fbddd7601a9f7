// Character classes of the pattern grammar, shared by the lexer and the equality scanner.

/**
 * The grammar's white space (STIX 2.1 patterning grammar, rule WS): ASCII blanks, VT, FF, NEL, NBSP and the Unicode
 * space separators.
 */
export const isSpace = (c: number) =>
  c === 32 ||
  (c <= 13 && c >= 9) ||
  (c >= 0x85 &&
    (c === 0x85 ||
      c === 0xa0 ||
      c === 0x1680 ||
      (c >= 0x2000 && c <= 0x200a) ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0x202f ||
      c === 0x205f ||
      c === 0x3000));
export const isDigit = (c: number) => c >= 48 && c <= 57;
export const isIdentStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
export const isIdentPart = (c: number) => isIdentStart(c) || isDigit(c) || c === 45;

const SLASH = 47;
const STAR = 42;

/**
 * The index of the first character at or after `from` that is neither white space nor inside a comment (the
 * grammar skips `/* … *\/` and `// …` up to the end of the line). An unterminated block comment stops at its `/`,
 * where the lexer words the error.
 */
export const skipSpaces = (input: string, from: number) => {
  let i = from;
  for (;;) {
    const c = input.charCodeAt(i);
    // Nearly every character here is a plain space or starts a token: two compares settle those.
    if (c === 32) i++;
    else if (c > 32 && c < 0x85 && c !== SLASH) return i;
    else if (isSpace(c)) i++;
    else if (c !== SLASH) return i;
    else {
      const next = input.charCodeAt(i + 1);
      if (next === STAR) {
        const close = input.indexOf("*/", i + 2);
        if (close < 0) return i;
        i = close + 2;
      } else if (next === SLASH) {
        i += 2;
        while (i < input.length && input.charCodeAt(i) !== 10 && input.charCodeAt(i) !== 13) i++;
      } else return i;
    }
  }
};

/** Where the word (identifier or keyword) starting at `from` ends; `from` itself when no word starts there. */
export const wordEnd = (input: string, from: number) => {
  if (!isIdentStart(input.charCodeAt(from))) return from;
  let i = from + 1;
  while (isIdentPart(input.charCodeAt(i))) i++;
  return i;
};

/** A hash of the two characters at `at` (0 past the end), for tables keyed by how a name or prefix starts. */
export const twoCharHash = (text: string, at: number) =>
  (Math.imul(text.charCodeAt(at), 31) + text.charCodeAt(at + 1)) | 0;
