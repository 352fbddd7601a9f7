import { createHash } from "node:crypto";
import type { IocRecord } from "@taxiway/core";

/** A deterministic, realistic IocRecord; `n` makes it unique, `overrides` pins any field. */
export function sampleRecord(n: number, overrides: Partial<IocRecord> = {}): IocRecord {
  const stixId = `indicator--${createHash("sha256").update(`conformance-${n}`).digest("hex").slice(0, 8)}-0000-4000-8000-${String(n).padStart(12, "0")}`;
  const value = `198.51.${(n >> 8) & 255}.${n & 255}`;
  return {
    key: createHash("sha256").update(`${stixId}|ipv4|${value}`).digest("hex").slice(0, 32),
    type: "ipv4",
    value,
    action: "upsert",
    stix_id: stixId,
    stix_type: "indicator",
    name: `Conformance indicator ${n}`,
    indicator_types: ["malicious-activity"],
    labels: ["conformance", "c2"],
    confidence: 80,
    tlp: "amber",
    tlp_version: "2.0",
    valid_from: "2026-01-01T00:00:00.000Z",
    created: "2026-01-01T00:00:00.000Z",
    modified: "2026-01-01T00:00:00.000Z",
    revoked: false,
    kill_chain_phases: [{ kill_chain_name: "mitre-attack", phase_name: "command-and-control" }],
    external_references: [],
    pattern: `[ipv4-addr:value = '${value}']`,
    pattern_type: "stix",
    source_feed: "conformance",
    source_collection: "conformance-collection",
    ...overrides,
  };
}

export function sampleRecords(count: number, start = 0): IocRecord[] {
  return Array.from({ length: count }, (_, i) => sampleRecord(start + i));
}
