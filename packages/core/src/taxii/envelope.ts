import type { StixObject } from "../stix/types.js";

export interface NormalizedEnvelope {
  objects: StixObject[];
  more: boolean;
  next?: string;
  /** Set when the answer is not an envelope at all (`objects` not an array, a string, …): why it reads as empty. */
  malformed?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Flattens bundles nested inside the object list (some servers wrap each page, or each object, in a bundle), in
 * order. A loop over a stack of list positions, not recursion: 100,000 nested bundles must not overflow the stack.
 */
function flatten(list: unknown[], into: unknown[]): void {
  const stack: Array<{ list: unknown[]; at: number }> = [{ list, at: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { list: unknown[]; at: number };
    if (top.at >= top.list.length) {
      stack.pop();
      continue;
    }
    const item = top.list[top.at++];
    if (isObject(item) && item.type === "bundle" && Array.isArray(item.objects))
      stack.push({ list: item.objects, at: 0 });
    else into.push(item);
  }
}

function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}

/**
 * Reads a TAXII 2.1 envelope, a STIX bundle (TAXII 2.0, or servers that answer with one), `items` instead of
 * `objects`, nested bundles, or `{}` (empty). Anything in the list that is not a JSON object is kept as is, so
 * the decoder can dead-letter it with a reason.
 */
export function normalizeEnvelope(body: unknown): NormalizedEnvelope {
  if (Array.isArray(body)) {
    const objects: unknown[] = [];
    flatten(body, objects);
    return { objects: objects as StixObject[], more: false };
  }
  if (!isObject(body))
    return { objects: [], more: false, malformed: `the answer is ${describe(body)}, not a TAXII envelope` };
  const field = "objects" in body ? "objects" : "items" in body ? "items" : undefined;
  const list = field === undefined ? [] : body[field];
  const objects: unknown[] = [];
  if (Array.isArray(list)) flatten(list, objects);
  const next = typeof body.next === "string" && body.next !== "" ? body.next : undefined;
  const more = body.more === true || body.more === "true";
  const malformed =
    field !== undefined && !Array.isArray(list) && list !== null
      ? `"${field}" is ${describe(list)}, not an array`
      : undefined;
  return { objects: objects as StixObject[], more, next, ...(malformed ? { malformed } : {}) };
}
