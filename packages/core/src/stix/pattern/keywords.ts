/** Upper-case words of the pattern grammar: never valid as bare property names. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  "AND",
  "OR",
  "NOT",
  "FOLLOWEDBY",
  "LIKE",
  "MATCHES",
  "ISSUBSET",
  "ISSUPERSET",
  "IN",
  "EXISTS",
  "WITHIN",
  "SECONDS",
  "REPEATS",
  "TIMES",
  "START",
  "STOP",
]);
