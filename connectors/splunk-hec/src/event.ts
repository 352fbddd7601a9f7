import type { IocRecord } from "@taxiway/core";
import type { ResolvedConfig } from "./config.js";

const STRONGEST = ["SHA-512", "SHA-256", "SHA-1", "MD5"];

/** CIM Threat Intelligence style field names for one IOC: the `event` of a HEC event (the Kafka sink reuses it). */
export function hecEventFields(record: IocRecord): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    action: record.action,
    ioc_key: record.key,
    ioc_type: record.type,
    ioc_value: record.value,
    threat_key: record.source_feed,
    threat_collection: record.source_collection,
    stix_id: record.stix_id,
    stix_type: record.stix_type,
  };
  switch (record.type) {
    case "ipv4":
    case "ipv6":
    case "cidr":
      fields.ip = record.value;
      break;
    case "domain":
      fields.domain = record.value;
      break;
    case "url":
      fields.url = record.value;
      break;
    case "email":
      fields.src_user = record.value;
      break;
    case "email-subject":
      fields.subject = record.value;
      break;
    case "file":
    case "artifact":
      fields.file_hash = record.hashes
        ? (STRONGEST.map((name) => record.hashes?.[name]).find(Boolean) ?? record.value)
        : record.value;
      if (record.hashes) fields.file_hashes = Object.values(record.hashes);
      break;
    case "x509":
      fields.certificate_hash = record.value;
      break;
    case "registry-key":
      fields.registry_path = record.value;
      break;
    case "process":
      fields.process = record.value;
      break;
    case "user-account":
      fields.user = record.value;
      break;
    case "user-agent":
      fields.http_user_agent = record.value;
      break;
    default:
      break;
  }
  if (record.file_name !== undefined) fields.file_name = record.file_name;
  if (record.file_size !== undefined) fields.file_size = record.file_size;
  if (record.observable) fields.observable = record.observable;
  if (record.name !== undefined) fields.threat_name = record.name;
  if (record.description !== undefined) fields.description = record.description;
  if (record.confidence !== undefined) {
    fields.confidence = record.confidence;
    fields.weight = Math.max(1, Math.ceil(record.confidence / 20));
  }
  if (record.tlp !== undefined) fields.tlp = record.tlp;
  if (record.labels.length > 0) fields.labels = record.labels;
  if (record.indicator_types.length > 0) fields.indicator_types = record.indicator_types;
  if (record.kill_chain_phases.length > 0)
    fields.kill_chain = record.kill_chain_phases.map((p) => `${p.kill_chain_name}:${p.phase_name}`);
  for (const key of [
    "valid_from",
    "valid_until",
    "expires_at",
    "created",
    "modified",
    "pattern",
    "pattern_type",
    "created_by_ref",
    "date_added",
  ] as const)
    if (record[key] !== undefined) fields[key] = record[key];
  fields.revoked = record.revoked;
  return fields;
}

/** Epoch seconds with exactly three decimals, never in exponent notation (HEC rejects or misreads it). */
export function hecTime(record: IocRecord): string | undefined {
  const at = Date.parse(record.modified ?? record.created ?? "");
  return Number.isNaN(at) ? undefined : (at / 1000).toFixed(3);
}

/** One HEC event object as JSON text, ready to be concatenated with the others of a batch. */
export function hecEvent(record: IocRecord, config: ResolvedConfig): string {
  const envelope: Record<string, unknown> = { sourcetype: config.sourcetype, source: config.source };
  if (config.index) envelope.index = config.index;
  if (config.host) envelope.host = config.host;
  envelope.event = hecEventFields(record);
  if (config.fields) envelope.fields = config.fields;
  const time = hecTime(record);
  const json = JSON.stringify(envelope);
  return time === undefined ? json : `{"time":${time},${json.slice(1)}`;
}
