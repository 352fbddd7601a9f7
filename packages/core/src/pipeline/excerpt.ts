/** Most nesting levels kept in a dead-letter excerpt; deeper values become a marker string. */
export const EXCERPT_MAX_DEPTH = 64;
/** Most values (objects, arrays, scalars) copied into one excerpt. */
export const EXCERPT_MAX_NODES = 20_000;
/** Most characters of one serialised excerpt; past this the item is kept as a cut-off JSON text. */
export const EXCERPT_MAX_CHARS = 64 * 1024;

type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => typeof value === "object" && value !== null;

/**
 * A JSON-safe copy of untrusted data cut at `EXCERPT_MAX_DEPTH` levels and `EXCERPT_MAX_NODES` values, built with
 * an explicit stack (no recursion), so JSON.stringify of the copy (recursive in V8) stays shallow. Objects are
 * copied onto null-prototype objects: a `__proto__` key stays a plain key. Returns the copy and whether it was cut.
 */
export function boundedCopy(value: unknown): { copy: unknown; cut: boolean } {
  if (!isContainer(value)) return { copy: value, cut: false };
  const empty = (of: Container): Container => (Array.isArray(of) ? [] : Object.create(null));
  const root = empty(value);
  const stack: Array<{ from: Container; to: Container; depth: number }> = [
    { from: value, to: root, depth: 1 },
  ];
  let nodes = 1;
  let cut = false;
  while (stack.length > 0) {
    const { from, to, depth } = stack.pop() as { from: Container; to: Container; depth: number };
    for (const key of Object.keys(from)) {
      const item = (from as Record<string, unknown>)[key];
      let copied: unknown = item;
      if (++nodes > EXCERPT_MAX_NODES) {
        cut = true;
        break;
      }
      if (isContainer(item)) {
        if (depth >= EXCERPT_MAX_DEPTH) {
          copied = `[cut: nested deeper than ${EXCERPT_MAX_DEPTH} levels]`;
          cut = true;
        } else {
          copied = empty(item);
          stack.push({ from: item, to: copied as Container, depth: depth + 1 });
        }
      } else if (typeof item === "bigint" || typeof item === "function" || typeof item === "symbol") {
        copied = String(item);
      }
      if (Array.isArray(to)) to.push(copied);
      else to[key] = copied;
    }
  }
  return { copy: root, cut };
}

/**
 * The dead-letter form of an item: a bounded copy (see `boundedCopy`), or, when its JSON is longer than
 * `EXCERPT_MAX_CHARS`, `{ excerpt: <the first EXCERPT_MAX_CHARS characters of the JSON>, chars }`. `truncated` says
 * whether anything was left out.
 */
export function deadLetterExcerpt(item: unknown): { item: unknown; truncated: boolean } {
  const { copy, cut } = boundedCopy(item);
  const text = JSON.stringify(copy) ?? "null";
  if (text.length <= EXCERPT_MAX_CHARS) return { item: copy, truncated: cut };
  return { item: { excerpt: text.slice(0, EXCERPT_MAX_CHARS), chars: text.length }, truncated: true };
}
