import type { IocRecord, StixObject } from "@taxiway/core";

/**
 * A STIX 2.1 indicator rebuilt from an IOC record, for records whose source is not STIX (no original object to
 * relay): same id, versions, pattern and context. Null when the record carries no pattern to publish.
 */
export function indicatorFromRecord(record: IocRecord): StixObject | null {
  if (!record.pattern) return null;
  const created = record.created ?? record.modified ?? record.valid_from ?? new Date(0).toISOString();
  return {
    type: "indicator",
    spec_version: "2.1",
    id: record.stix_id,
    created,
    modified: record.modified ?? created,
    pattern: record.pattern,
    pattern_type: record.pattern_type ?? "stix",
    valid_from: record.valid_from ?? created,
    ...(record.valid_until ? { valid_until: record.valid_until } : {}),
    ...(record.name ? { name: record.name } : {}),
    ...(record.description ? { description: record.description } : {}),
    ...(record.indicator_types.length > 0 ? { indicator_types: record.indicator_types } : {}),
    ...(record.labels.length > 0 ? { labels: record.labels } : {}),
    ...(record.confidence !== undefined ? { confidence: record.confidence } : {}),
    ...(record.revoked ? { revoked: true } : {}),
    ...(record.created_by_ref ? { created_by_ref: record.created_by_ref } : {}),
  };
}
