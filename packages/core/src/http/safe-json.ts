const DANGEROUS = /"(?:__proto__|constructor|prototype)"\s*:/;

function dropDangerousKeys(key: string, value: unknown): unknown {
  return key === "__proto__" || key === "constructor" || key === "prototype" ? undefined : value;
}

/**
 * JSON.parse that never yields `__proto__`/`constructor`/`prototype` keys, so nothing merged from a feed can
 * pollute prototypes. The reviver (slow) only runs when the text contains such a key (rare).
 */
export function parseJsonSafely(text: string): unknown {
  return DANGEROUS.test(text) ? JSON.parse(text, dropDangerousKeys) : JSON.parse(text);
}
