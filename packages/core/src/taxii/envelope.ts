import type { StixObject } from "../stix/types.js";

export interface NormalizedEnvelope {
  objects: StixObject[];
  more: boolean;
  next?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Flattens bundles nested inside the object list (some servers wrap each page, or each object, in a bundle). */
function flatten(list: unknown[], into: unknown[]): void {
  for (const item of list) {
    if (isObject(item) && item.type === "bundle" && Array.isArray(item.objects)) flatten(item.objects, into);
    else into.push(item);
  }
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
  if (!isObject(body)) return { objects: [], more: false };
  const list = Array.isArray(body.objects) ? body.objects : Array.isArray(body.items) ? body.items : [];
  const objects: unknown[] = [];
  flatten(list, objects);
  const next = typeof body.next === "string" && body.next !== "" ? body.next : undefined;
  const more = body.more === true || body.more === "true";
  return { objects: objects as StixObject[], more, next };
}
