import type { StixObject } from "@taxiway/core";

/**
 * Splits objects into TAXII envelopes (`{"objects":[…]}`) of at most `maxBytes` of JSON (the API root's
 * max_content_length, TAXII 2.1 §4.1) and `maxObjects` objects. An object larger than `maxBytes` on its own is
 * returned in `tooLarge`: no server would take it.
 */
export function envelopes(
  objects: readonly StixObject[],
  maxBytes: number,
  maxObjects: number,
): { envelopes: StixObject[][]; tooLarge: StixObject[] } {
  const overhead = Buffer.byteLength('{"objects":[]}');
  const out: StixObject[][] = [];
  const tooLarge: StixObject[] = [];
  let current: StixObject[] = [];
  let size = overhead;
  for (const object of objects) {
    const bytes = Buffer.byteLength(JSON.stringify(object));
    if (bytes + overhead > maxBytes) {
      tooLarge.push(object);
      continue;
    }
    // A comma separates each object from the one before it.
    if (current.length > 0 && (size + 1 + bytes > maxBytes || current.length >= maxObjects)) {
      out.push(current);
      current = [];
      size = overhead;
    }
    size += (current.length > 0 ? 1 : 0) + bytes;
    current.push(object);
  }
  if (current.length > 0) out.push(current);
  return { envelopes: out, tooLarge };
}
