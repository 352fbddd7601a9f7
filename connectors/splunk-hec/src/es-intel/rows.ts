import type { IocRecord } from "@taxiway/core";

/** The Enterprise Security threat-intelligence collections (SA-ThreatIntelligence KV store). */
export const INTEL_COLLECTIONS = [
  "ip_intel",
  "file_intel",
  "http_intel",
  "email_intel",
  "certificate_intel",
  "registry_intel",
  "process_intel",
  "user_intel",
  "service_intel",
] as const;

export type IntelCollection = (typeof INTEL_COLLECTIONS)[number];

export interface IntelRow {
  collection: IntelCollection;
  /** The row's `_key`: the record key, suffixed when one record fills several rows (one per file hash). */
  key: string;
  fields: Record<string, string | number>;
}

const HASH_ORDER = ["SHA-256", "SHA-1", "MD5", "SHA-512", "SHA-384", "SHA3-256", "SSDEEP", "TLSH"];

function fileRows(record: IocRecord, extra: Record<string, string | number>): IntelRow[] {
  const rank = (algorithm: string) => (HASH_ORDER.includes(algorithm) ? HASH_ORDER.indexOf(algorithm) : 99);
  const hashes = Object.entries(record.hashes ?? {}).sort(([a], [b]) => rank(a) - rank(b));
  if (hashes.length === 0)
    return [{ collection: "file_intel", key: record.key, fields: { file_hash: record.value, ...extra } }];
  // ES matches file_hash against one hash per event, so every hash of the file gets its own row.
  return hashes.map(([algorithm, digest]) => ({
    collection: "file_intel" as const,
    key: digest === record.value ? record.key : `${record.key}-${algorithm.toLowerCase()}`,
    fields: { file_hash: digest, ...extra },
  }));
}

/**
 * The rows one IOC becomes, in the collection ES reads for its type, with ES's field names. Types ES has no
 * collection for (mac, software, autonomous system, rule) give none.
 */
export function intelRows(record: IocRecord): IntelRow[] {
  const value = record.value;
  const one = (collection: IntelCollection, fields: Record<string, string | number>): IntelRow[] => [
    { collection, key: record.key, fields },
  ];
  const observable = record.observable ?? {};
  switch (record.type) {
    case "ipv4":
    case "ipv6":
    case "cidr":
      return one("ip_intel", { ip: value });
    case "domain":
      return one("ip_intel", { domain: value });
    case "url":
      return one("http_intel", { url: value });
    case "user-agent":
      return one("http_intel", { http_user_agent: value });
    case "email":
      return one("email_intel", { src_user: value });
    case "email-subject":
      return one("email_intel", { subject: value });
    case "file":
    case "artifact":
      return fileRows(record, {
        ...(record.file_name !== undefined ? { file_name: record.file_name } : {}),
        ...(record.file_size !== undefined ? { file_size: record.file_size } : {}),
      });
    case "directory":
      return one("file_intel", { file_path: value });
    case "x509":
      return one("certificate_intel", {
        certificate_serial: String(observable.serial_number ?? value),
        ...(observable.subject !== undefined ? { certificate_subject: String(observable.subject) } : {}),
        ...(observable.issuer !== undefined ? { certificate_issuer: String(observable.issuer) } : {}),
      });
    case "registry-key":
      return one("registry_intel", {
        registry_path: value,
        ...(observable["values[*].data"] !== undefined
          ? { registry_value_text: String(observable["values[*].data"]) }
          : {}),
        ...(observable["values[*].name"] !== undefined
          ? { registry_value_name: String(observable["values[*].name"]) }
          : {}),
      });
    case "process":
      return one("process_intel", { process: value });
    case "mutex":
      return one("process_intel", { process_handle_name: value });
    case "user-account":
      return one("user_intel", { user: value });
    default:
      return [];
  }
}

/** ES weight from STIX confidence: 1 below 30, 2 below 70, else 3 (ES's default is 1 for unknown). */
export function weightOf(confidence: number | undefined): number {
  if (confidence === undefined) return 1;
  return confidence < 30 ? 1 : confidence < 70 ? 2 : 3;
}
