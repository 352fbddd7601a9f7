import secureJson from "secure-json-parse";

/**
 * A cheap pre-check: plain substring searches, much faster than a regex over every quote of a large page. A key
 * spelled with \u escapes needs a backslash-u somewhere, so those texts take the careful path too.
 */
function mayBeDangerous(text: string): boolean {
  return text.includes("__proto__") || text.includes("constructor") || text.includes("\\u");
}

/**
 * JSON.parse that never yields a `__proto__` key or a `constructor` holding `prototype`, so nothing merged from a
 * feed can pollute prototypes. Neither step recurses over the data: V8's JSON.parse is iterative, and
 * secure-json-parse removes those keys with a breadth-first loop (a reviver would recurse once per nesting
 * level and overflow the stack on a 100,000-deep answer). Throws SyntaxError on malformed JSON.
 */
export function parseJsonSafely(text: string): unknown {
  if (!mayBeDangerous(text)) return JSON.parse(text);
  return secureJson.parse(text, undefined, { protoAction: "remove", constructorAction: "remove" });
}
