// Character classes of the pattern grammar, shared by the lexer and the equality scanner.

export const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
export const isDigit = (c: number) => c >= 48 && c <= 57;
export const isIdentStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
export const isIdentPart = (c: number) => isIdentStart(c) || isDigit(c) || c === 45;

/** The index of the first non-blank at or after `from`. */
export const skipSpaces = (input: string, from: number) => {
  let i = from;
  while (isSpace(input.charCodeAt(i))) i++;
  return i;
};

/** Where the word (identifier or keyword) starting at `from` ends; `from` itself when no word starts there. */
export const wordEnd = (input: string, from: number) => {
  if (!isIdentStart(input.charCodeAt(from))) return from;
  let i = from + 1;
  while (isIdentPart(input.charCodeAt(i))) i++;
  return i;
};

const OBJECT_TYPE = /^[a-z0-9][a-z0-9-]*[a-z0-9]$|^[a-z0-9]$/;

/** Whether a name is spelled as a STIX object type may be: lower case, digits and inner hyphens. */
export const isObjectTypeName = (name: string) => OBJECT_TYPE.test(name);

/** A hash of the two characters at `at` (0 past the end), for tables keyed by how a name or prefix starts. */
export const twoCharHash = (text: string, at: number) =>
  (Math.imul(text.charCodeAt(at), 31) + text.charCodeAt(at + 1)) | 0;
