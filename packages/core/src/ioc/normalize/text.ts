// Values that are not host-like (file names, mutexes, registry keys, subjects…) may hold any character; the ones a
// SIEM, a CSV cell or a terminal cannot carry are written as escapes, always the same way.

// C0 controls, DEL, C1 controls, and UTF-16 surrogates that are not part of a pair.
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, "g");

const escaped = (char: string) => `\\u${(char.charCodeAt(0) as number).toString(16).padStart(4, "0")}`;

/** Whether a value holds a control character or a lone surrogate (host-like values with one are refused). */
export const hasUnsafeCharacters = (value: string) => UNSAFE.test(value);

/**
 * A free-text value with each control character (C0, DEL, C1) and each lone surrogate written as `\uXXXX` (lower-case
 * hex, four digits); the same string when it has none.
 */
export function escapeUnsafe(value: string): string {
  return UNSAFE.test(value) ? value.replace(UNSAFE_ALL, escaped) : value;
}
