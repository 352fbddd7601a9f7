// Defanged indicators (`hxxp://example[.]com`) are written so that nobody clicks them; a SIEM matches live values.
// The markers follow the common convention (CISA, MISP, ioc-fanger): hxxp/hxxps schemes and bracketed separators.

const SCHEME = /^hxxp(s?)(?=:|\[:)/i;
const MARKERS = /\[\.\]|\(\.\)|\{\.\}|\[:\/\/\]?|\[:\]|\[@\]/g;
const LIVE: Record<string, string> = {
  "[.]": ".",
  "(.)": ".",
  "{.}": ".",
  "[://]": "://",
  "[://": "://",
  "[:]": ":",
  "[@]": "@",
};

/**
 * The live form of a defanged value: `hxxp`/`hxxps` → `http`/`https` at the start, `[.]`, `(.)`, `{.}` → `.`,
 * `[:]` → `:`, `[://]` and `[://` → `://`, `[@]` → `@`. A value without those markers is returned as it is (the same
 * string), so callers compare by identity to learn whether anything changed.
 */
export function refang(value: string): string {
  if (!mayBeDefanged(value)) return value;
  const live = value.replace(SCHEME, "http$1").replace(MARKERS, (marker) => LIVE[marker] ?? marker);
  return live === value ? value : live;
}

/**
 * Whether a value may carry a defang marker: a bracket anywhere, or an `hxxp` scheme (the only place it is refanged).
 * Native substring searches, cheaper than a regular expression on the extraction hot path.
 */
export function mayBeDefanged(value: string): boolean {
  return value.includes("[") || value.includes("(") || value.includes("{") || startsWithHxxp(value);
}

function startsWithHxxp(value: string): boolean {
  return (
    value.length >= 4 &&
    (value.charCodeAt(0) | 32) === 104 &&
    (value.charCodeAt(1) | 32) === 120 &&
    (value.charCodeAt(2) | 32) === 120 &&
    (value.charCodeAt(3) | 32) === 112
  );
}

/** Whether a value still carries a defang marker (a host or URL written so, it can never match a log). */
export const isDefanged = (value: string) => refang(value) !== value;
