import type { ExternalReference, KillChainPhase } from "../stix/types.js";

/** What kind of observable an IOC is. `rule` carries a non-STIX pattern (snort, yara, sigma…) verbatim. */
export type IocType =
  | "ipv4"
  | "ipv6"
  | "cidr"
  | "domain"
  | "url"
  | "email"
  | "email-subject"
  | "file"
  | "x509"
  | "asn"
  | "mac"
  | "mutex"
  | "registry-key"
  | "user-agent"
  | "process"
  | "user-account"
  | "software"
  | "artifact"
  | "directory"
  | "rule";

export const IOC_TYPES: readonly IocType[] = [
  "ipv4",
  "ipv6",
  "cidr",
  "domain",
  "url",
  "email",
  "email-subject",
  "file",
  "x509",
  "asn",
  "mac",
  "mutex",
  "registry-key",
  "user-agent",
  "process",
  "user-account",
  "software",
  "artifact",
  "directory",
  "rule",
];

/** Hash algorithm names as STIX spells them (`MD5`, `SHA-1`, `SHA-256`, `SHA-512`, `SHA3-256`, `SSDEEP`, `TLSH`…). */
export type HashMap = Record<string, string>;

export type TlpLevel = "clear" | "green" | "amber" | "amber+strict" | "red";

/** `upsert` writes or replaces; `delete` removes what a sink holds under `key` (revoked or expired). */
export type IocAction = "upsert" | "delete";

/**
 * One observable with the context of the STIX object it came from. Flat on purpose: a CSV column,
 * an ECS field and a Splunk field each map to one property.
 */
export interface IocRecord {
  /** Stable id: hash of stix_id + type + value. Sinks use it as document id / dedup key. */
  key: string;
  type: IocType;
  /** Canonical value: the address, domain, URL… For files the strongest hash; for rules the rule text. */
  value: string;
  /** The defanged text the feed wrote (`hxxp://example[.]com`) when `value` is its live form; config `extract.refang`. */
  value_original?: string;
  action: IocAction;

  hashes?: HashMap;
  file_name?: string;
  file_size?: number;
  /** Other properties of the observable that were pinned by the pattern (port, protocol, registry value…). */
  observable?: Record<string, string | number | boolean>;

  stix_id: string;
  stix_type: string;
  name?: string;
  description?: string;
  indicator_types: string[];
  labels: string[];
  /** 0–100, as STIX says. */
  confidence?: number;
  tlp?: TlpLevel;
  tlp_version?: "1.0" | "2.0";
  valid_from?: string;
  valid_until?: string;
  /** When a sink should consider the IOC expired: valid_until, or modified + the job's expire_after. */
  expires_at?: string;
  created?: string;
  modified?: string;
  revoked: boolean;
  kill_chain_phases: KillChainPhase[];
  external_references: ExternalReference[];
  created_by_ref?: string;
  /** The original pattern, for indicators. */
  pattern?: string;
  /** `stix`, `snort`, `yara`, `sigma`, `suricata`, `pcre`… */
  pattern_type?: string;

  /** Job-level feed name (the job's `name` unless configured). */
  source_feed: string;
  /** Collection id, alias or title as configured. */
  source_collection: string;
  /** The server's `date_added` for the object, when known. */
  date_added?: string;
}
