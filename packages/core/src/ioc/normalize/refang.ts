// Defanged indicators (`hxxp://example[.]com`) are written so that nobody clicks them; a SIEM matches live values.
// The markers follow the common convention (CISA, MISP, ioc-fanger): hxxp/hxxps schemes and bracketed separators.

const HINT = /[[({]|[hH][xX][xX][pP]/;
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
  if (!HINT.test(value)) return value;
  const live = value.replace(SCHEME, "http$1").replace(MARKERS, (marker) => LIVE[marker] ?? marker);
  return live === value ? value : live;
}

/** Whether a value may carry a defang marker: a cheap test that rules out nearly every clean value. */
export const mayBeDefanged = (value: string) => HINT.test(value);

/** Whether a value still carries a defang marker (a host or URL written so, it can never match a log). */
export const isDefanged = (value: string) => refang(value) !== value;
