import type { ObjectFilter } from "./store.js";
import { timestampKey } from "./timestamps.js";

export class BadQuery extends Error {}

function setOf(query: URLSearchParams, name: string): Set<string> | undefined {
  const raw = query.getAll(name);
  if (raw.length === 0) return undefined;
  return new Set(raw.flatMap((value) => value.split(",")).map((value) => value.trim()));
}

export function parseFilter(query: URLSearchParams): ObjectFilter {
  const addedAfterRaw = query.get("added_after");
  let addedAfter: number | undefined;
  if (addedAfterRaw !== null) {
    addedAfter = timestampKey(addedAfterRaw);
    if (addedAfter === undefined)
      throw new BadQuery(`added_after '${addedAfterRaw}' is not an RFC 3339 timestamp`);
  }
  const versionSet = setOf(query, "match[version]");
  let versions: ObjectFilter["versions"] = "last";
  if (versionSet) {
    if (versionSet.has("all")) versions = "all";
    else if (versionSet.size === 1 && versionSet.has("first")) versions = "first";
    else if (versionSet.size === 1 && versionSet.has("last")) versions = "last";
    else versions = versionSet;
  }
  return {
    addedAfter,
    types: setOf(query, "match[type]"),
    ids: setOf(query, "match[id]"),
    versions,
    specVersions: setOf(query, "match[spec_version]"),
  };
}

export function parseLimit(query: URLSearchParams, fallback: number, max: number): number {
  const raw = query.get("limit");
  if (raw === null) return Math.min(fallback, max);
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) throw new BadQuery(`limit '${raw}' must be a positive integer`);
  return Math.min(limit, max);
}

/** The part of a query a `next` token is bound to: changing it invalidates the token, as on medallion. */
export function querySignature(collection: string, query: URLSearchParams): string {
  const parts = [...query.entries()]
    .filter(([name]) => name !== "next" && name !== "limit")
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${value}`);
  return `${collection}?${parts.join("&")}`;
}
