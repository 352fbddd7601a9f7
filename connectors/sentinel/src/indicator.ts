import { createHash } from "node:crypto";
import { type IocRecord, printLiteral } from "@taxiway/core";

/** STIX 2.1 object paths (§ "STIX Cyber-observable Objects") that carry each IOC type's value. */
const PATHS: Partial<Record<IocRecord["type"], string>> = {
  ipv4: "ipv4-addr:value",
  cidr: "ipv4-addr:value",
  ipv6: "ipv6-addr:value",
  domain: "domain-name:value",
  url: "url:value",
  email: "email-addr:value",
  "email-subject": "email-message:subject",
  mac: "mac-addr:value",
  mutex: "mutex:name",
  "registry-key": "windows-registry-key:key",
  "user-agent": "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'",
  process: "process:name",
  "user-account": "user-account:user_id",
  software: "software:name",
  directory: "directory:path",
};

const quoted = (value: string) => printLiteral({ kind: "string", value });

function hashKey(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : quoted(name);
}

/**
 * A STIX pattern that matches exactly this IOC: one comparison on the observable's path (a file: every hash, joined by
 * AND within one observation, since they describe one file). Undefined when the type has no exact STIX path (the
 * record's original pattern is used instead, when it has one).
 */
export function iocPattern(record: IocRecord): string | undefined {
  if (record.type === "file" && record.hashes && Object.keys(record.hashes).length > 0)
    return `[${Object.entries(record.hashes)
      .map(([name, value]) => `file:hashes.${hashKey(name)} = ${quoted(value)}`)
      .join(" AND ")}]`;
  if (record.type === "asn" && /^\d+$/.test(record.value))
    return `[autonomous-system:number = ${record.value}]`;
  const path = PATHS[record.type];
  return path ? `[${path} = ${quoted(record.value)}]` : undefined;
}

/** A STIX identifier (`indicator--<UUID>`) derived from the record key: the same IOC always has the same id. */
export function indicatorId(key: string): string {
  const hex = createHash("sha256").update(`taxiway-sentinel|${key}`).digest("hex");
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `indicator--${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The STIX 2.1 indicator uploaded for one IOC record: its own id (from the record key, so a later version or a
 * revocation replaces it), the IOC's exact pattern, and the original indicator's context (name, description, types,
 * labels, confidence, validity, kill chain, references, plus a reference back to the original STIX id). A delete
 * (revoked or expired) is the same indicator with `revoked: true`. Undefined when no pattern can be had.
 */
export function sentinelIndicator(record: IocRecord): Record<string, unknown> | undefined {
  const exact = iocPattern(record);
  const pattern = exact ?? record.pattern;
  if (!pattern) return undefined;
  const created = record.created ?? record.modified ?? record.valid_from;
  const modified = record.modified ?? created;
  if (!created || !modified) return undefined;
  const indicator: Record<string, unknown> = {
    type: "indicator",
    spec_version: "2.1",
    id: indicatorId(record.key),
    created,
    modified,
    name: record.name ?? `${record.type} ${record.value}`,
    pattern,
    pattern_type: exact ? "stix" : (record.pattern_type ?? "stix"),
    ...(exact || record.pattern_type === "stix" ? { pattern_version: "2.1" } : {}),
    valid_from: record.valid_from ?? created,
    revoked: record.action === "delete" || record.revoked,
    external_references: [
      { source_name: "taxiway", external_id: record.stix_id, description: `feed ${record.source_feed}` },
      ...record.external_references,
    ],
  };
  if (record.description !== undefined) indicator.description = record.description;
  if (record.valid_until !== undefined) indicator.valid_until = record.valid_until;
  if (record.indicator_types.length > 0) indicator.indicator_types = record.indicator_types;
  if (record.labels.length > 0) indicator.labels = record.labels;
  if (record.confidence !== undefined) indicator.confidence = record.confidence;
  if (record.kill_chain_phases.length > 0) indicator.kill_chain_phases = record.kill_chain_phases;
  if (record.created_by_ref !== undefined) indicator.created_by_ref = record.created_by_ref;
  return indicator;
}
