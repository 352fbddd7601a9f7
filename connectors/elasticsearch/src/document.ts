import type { IocRecord } from "@taxiway/core";

/** ECS `threat.indicator.type` per IOC type (ECS expected values, STIX names). */
export const ECS_TYPES: Record<IocRecord["type"], string> = {
  ipv4: "ipv4-addr",
  ipv6: "ipv6-addr",
  cidr: "ipv4-addr",
  domain: "domain-name",
  url: "url",
  email: "email-addr",
  "email-subject": "email-message",
  file: "file",
  x509: "x509-certificate",
  asn: "autonomous-system",
  mac: "mac-addr",
  mutex: "mutex",
  "registry-key": "windows-registry-key",
  "user-agent": "user-agent",
  process: "process",
  "user-account": "user-account",
  software: "software",
  artifact: "artifact",
  directory: "directory",
  rule: "rule",
};

const HASH_FIELDS: Record<string, string> = {
  MD5: "md5",
  "SHA-1": "sha1",
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512",
  SSDEEP: "ssdeep",
  TLSH: "tlsh",
};

/** STIX 2.1 Appendix A: 0 None, 1–29 Low, 30–69 Medium, 70–100 High. */
export function confidenceLabel(confidence: number | undefined): string | undefined {
  if (confidence === undefined) return undefined;
  if (confidence === 0) return "None";
  if (confidence < 30) return "Low";
  if (confidence < 70) return "Medium";
  return "High";
}

function urlParts(value: string): Record<string, unknown> {
  const parts: Record<string, unknown> = { full: value, original: value };
  try {
    const url = new URL(value);
    parts.scheme = url.protocol.replace(/:$/, "");
    parts.domain = url.hostname.replace(/^\[|\]$/g, "");
    if (url.port) parts.port = Number(url.port);
    parts.path = url.pathname;
    if (url.search) parts.query = url.search.slice(1);
    if (url.hash) parts.fragment = url.hash.slice(1);
  } catch {
    // kept as full/original only
  }
  return parts;
}

const HIVES: Record<string, string> = {
  HKEY_LOCAL_MACHINE: "HKLM",
  HKEY_CURRENT_USER: "HKCU",
  HKEY_USERS: "HKU",
  HKEY_CLASSES_ROOT: "HKCR",
  HKEY_CURRENT_CONFIG: "HKCC",
};

function observableFields(
  record: IocRecord,
  indicator: Record<string, unknown>,
  related: { ip: string[]; hash: string[] },
) {
  const value = record.value;
  switch (record.type) {
    case "ipv4":
    case "ipv6": {
      indicator.ip = value;
      related.ip.push(value);
      const port = Number(record.observable?.dst_port ?? record.observable?.src_port);
      if (Number.isInteger(port)) indicator.port = port;
      break;
    }
    case "cidr":
      indicator.type = value.includes(":") ? "ipv6-addr" : "ipv4-addr";
      break;
    case "domain":
      indicator.url = { domain: value };
      break;
    case "url":
      indicator.url = urlParts(value);
      break;
    case "email":
      indicator.email = { address: value };
      break;
    case "file":
    case "artifact":
    case "directory": {
      const file: Record<string, unknown> = {};
      if (record.hashes) {
        const hash: Record<string, string> = {};
        for (const [name, digest] of Object.entries(record.hashes)) {
          const field = HASH_FIELDS[name];
          if (field) hash[field] = digest;
          related.hash.push(digest);
        }
        file.hash = hash;
      }
      if (record.file_name !== undefined) file.name = record.file_name;
      if (record.file_size !== undefined) file.size = record.file_size;
      if (record.type === "directory") file.path = value;
      indicator.file = file;
      break;
    }
    case "x509": {
      const observable = record.observable ?? {};
      const x509: Record<string, unknown> = {};
      if (observable.serial_number !== undefined) x509.serial_number = String(observable.serial_number);
      if (observable.subject !== undefined) x509.subject = { distinguished_name: String(observable.subject) };
      if (observable.issuer !== undefined) x509.issuer = { distinguished_name: String(observable.issuer) };
      if (observable.validity_not_before !== undefined) x509.not_before = observable.validity_not_before;
      if (observable.validity_not_after !== undefined) x509.not_after = observable.validity_not_after;
      indicator.x509 = x509;
      if (record.hashes) related.hash.push(...Object.values(record.hashes));
      break;
    }
    case "asn":
      indicator.as = { number: Number(value) };
      break;
    case "registry-key": {
      const [root = "", ...rest] = value.split("\\");
      const registry: Record<string, unknown> = { path: value, key: rest.join("\\") };
      registry.hive = HIVES[root.toUpperCase()] ?? root;
      const data = record.observable?.["values[*].data"];
      if (data !== undefined) registry.value = String(data);
      indicator.registry = registry;
      break;
    }
    default:
      break;
  }
}

/** The ECS document of one IOC (the README holds the full table). */
export function ecsDocument(
  record: IocRecord,
  options: { revokedFlag?: boolean } = {},
): Record<string, unknown> {
  const related = { ip: [] as string[], hash: [] as string[] };
  const indicator: Record<string, unknown> = {
    type: ECS_TYPES[record.type],
    name: record.value,
    description: record.description ?? record.name,
    id: [record.stix_id],
    provider: record.created_by_ref ?? record.source_feed,
  };
  observableFields(record, indicator, related);
  if (record.valid_from) indicator.first_seen = record.valid_from;
  if (record.modified) {
    indicator.last_seen = record.modified;
    indicator.modified_at = record.modified;
  }
  const confidence = confidenceLabel(record.confidence);
  if (confidence) indicator.confidence = confidence;
  if (record.tlp)
    indicator.marking = {
      tlp: record.tlp === "clear" ? "CLEAR" : record.tlp.toUpperCase(),
      tlp_version: record.tlp_version ?? "2.0",
    };
  const reference = record.external_references.find((ref) => ref.url)?.url;
  if (reference) indicator.reference = reference;

  const document: Record<string, unknown> = {
    "@timestamp": record.modified ?? record.created ?? new Date().toISOString(),
    event: { kind: "enrichment", category: ["threat"], type: ["indicator"] },
    threat: { indicator, feed: { name: record.source_feed } },
    taxiway: {
      key: record.key,
      ioc_type: record.type,
      value: record.value,
      action: record.action,
      revoked: record.revoked || options.revokedFlag === true,
      stix_id: record.stix_id,
      stix_type: record.stix_type,
      stix_name: record.name,
      indicator_types: record.indicator_types,
      confidence: record.confidence,
      pattern: record.pattern,
      pattern_type: record.pattern_type,
      kill_chain_phases: record.kill_chain_phases,
      collection: record.source_collection,
      date_added: record.date_added,
      valid_until: record.valid_until,
      expires_at: record.expires_at ?? record.valid_until,
      ...(record.type === "cidr" ? { cidr: record.value } : {}),
      ...(record.hashes ? { hashes: record.hashes } : {}),
      ...(record.observable ? { observable: record.observable } : {}),
    },
  };
  if (record.labels.length > 0) document.tags = record.labels;
  if (related.ip.length > 0 || related.hash.length > 0)
    document.related = {
      ...(related.ip.length ? { ip: related.ip } : {}),
      ...(related.hash.length ? { hash: related.hash } : {}),
    };
  return document;
}
