const DANGEROUS = /"(?:__proto__|constructor|prototype)"\s*:/;

function dropDangerousKeys(key: string, value: unknown): unknown {
  return key === "__proto__" || key === "constructor" || key === "prototype" ? undefined : value;
}

/**
 * A cheap pre-check: plain substring searches, much faster than a regex over every quote of a large page.
 * `prototype` only pollutes under a `constructor` key, so two searches cover all three.
 */
function mayBeDangerous(text: string): boolean {
  return (text.includes("__proto__") || text.includes("constructor")) && DANGEROUS.test(text);
}

/**
 * JSON.parse that never yields `__proto__`/`constructor`/`prototype` keys, so nothing merged from a feed can
 * pollute prototypes. The reviver (slow) only runs when the text contains such a key (rare).
 */
export function parseJsonSafely(text: string): unknown {
  return mayBeDangerous(text) ? JSON.parse(text, dropDangerousKeys) : JSON.parse(text);
}
