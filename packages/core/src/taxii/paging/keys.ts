import type { StixObject } from "../../stix/types.js";

/**
 * `id@version`: what identifies one delivered object version. The version is `modified`, else `created`
 * (TAXII 2.1 §3.4.1 "version" of a manifest record), else empty for objects that have neither (SCOs). An item that
 * is not an object keys as "?".
 */
export function objectKey(object: StixObject): string {
  // A page may carry items that are not objects (null, a number): they are dead-lettered later, never keyed here.
  if (typeof object !== "object" || object === null) return "?";
  const version = typeof object.modified === "string" ? object.modified : (object.created ?? "");
  return `${typeof object.id === "string" ? object.id : "?"}@${version}`;
}

/** The same key for a manifest record (`id`, `version`). */
export function recordKey(record: { id: string; version?: string }): string {
  return `${record.id}@${record.version ?? ""}`;
}
