import type { IocRecord } from "./record.js";

/** The IocRecord fields in the order extract.ts builds them: a record's tuple holds their values in this order. */
export const RECORD_FIELDS = [
  "key",
  "type",
  "value",
  "value_original",
  "action",
  "hashes",
  "file_name",
  "file_size",
  "observable",
  "stix_id",
  "stix_type",
  "name",
  "description",
  "indicator_types",
  "labels",
  "confidence",
  "tlp",
  "tlp_version",
  "valid_from",
  "valid_until",
  "expires_at",
  "created",
  "modified",
  "revoked",
  "kill_chain_phases",
  "external_references",
  "created_by_ref",
  "pattern",
  "pattern_type",
  "source_feed",
  "source_collection",
  "date_added",
] as const satisfies readonly (keyof IocRecord)[];

/**
 * A record as a JSON-safe tuple: field values in RECORD_FIELDS order, an absent field as null, then one more cell:
 * 1 when `observable` has no prototype (extraction builds some that way, some as literals; the copy keeps which).
 */
export type RecordTuple = unknown[];

/** IocRecord → tuple, for a record that crosses threads as JSON (no keys repeated, absent fields kept in place). */
export function recordToTuple(record: IocRecord): RecordTuple {
  const tuple: RecordTuple = new Array(RECORD_FIELDS.length + 1);
  for (let index = 0; index < RECORD_FIELDS.length; index++)
    tuple[index] = record[RECORD_FIELDS[index] as keyof IocRecord] ?? null;
  tuple[RECORD_FIELDS.length] =
    record.observable && Object.getPrototypeOf(record.observable) === null ? 1 : 0;
  return tuple;
}

/**
 * Tuple → IocRecord with the one object shape extract.ts gives every record (absent fields present as undefined),
 * so the sinks' property reads stay monomorphic. A record parsed from keyed JSON would drop its undefined fields and
 * take one of many shapes, which made the CSV sink ~3× slower.
 */
export function recordFromTuple(t: RecordTuple): IocRecord {
  return {
    key: t[0] as string,
    type: t[1] as IocRecord["type"],
    value: t[2] as string,
    value_original: (t[3] ?? undefined) as string | undefined,
    action: t[4] as IocRecord["action"],
    hashes: (t[5] ?? undefined) as IocRecord["hashes"],
    file_name: (t[6] ?? undefined) as string | undefined,
    file_size: (t[7] ?? undefined) as number | undefined,
    observable: t[8] == null ? undefined : t[32] === 1 ? Object.assign(Object.create(null), t[8]) : t[8],
    stix_id: t[9] as string,
    stix_type: t[10] as string,
    name: (t[11] ?? undefined) as string | undefined,
    description: (t[12] ?? undefined) as string | undefined,
    indicator_types: t[13] as string[],
    labels: t[14] as string[],
    confidence: (t[15] ?? undefined) as number | undefined,
    tlp: (t[16] ?? undefined) as IocRecord["tlp"],
    tlp_version: (t[17] ?? undefined) as IocRecord["tlp_version"],
    valid_from: (t[18] ?? undefined) as string | undefined,
    valid_until: (t[19] ?? undefined) as string | undefined,
    expires_at: (t[20] ?? undefined) as string | undefined,
    created: (t[21] ?? undefined) as string | undefined,
    modified: (t[22] ?? undefined) as string | undefined,
    revoked: t[23] as boolean,
    kill_chain_phases: (t[24] ?? undefined) as IocRecord["kill_chain_phases"],
    external_references: (t[25] ?? undefined) as IocRecord["external_references"],
    created_by_ref: (t[26] ?? undefined) as string | undefined,
    pattern: (t[27] ?? undefined) as string | undefined,
    pattern_type: (t[28] ?? undefined) as string | undefined,
    source_feed: t[29] as string,
    source_collection: t[30] as string,
    date_added: (t[31] ?? undefined) as string | undefined,
  } as IocRecord;
}
