import type { ObjectPath } from "./ast.js";

const COMMON = [
  "type",
  "id",
  "spec_version",
  "object_marking_refs",
  "granular_markings",
  "defanged",
  "extensions",
];

/** STIX 2.1 cyber-observable types and their top-level properties (spec section 6). */
const SCO_PROPERTIES: Record<string, string[]> = {
  artifact: ["mime_type", "payload_bin", "url", "hashes", "encryption_algorithm", "decryption_key"],
  "autonomous-system": ["number", "name", "rir"],
  directory: ["path", "path_enc", "ctime", "mtime", "atime", "contains_refs"],
  "domain-name": ["value", "resolves_to_refs"],
  "email-addr": ["value", "display_name", "belongs_to_ref"],
  "email-message": [
    "is_multipart",
    "date",
    "content_type",
    "from_ref",
    "sender_ref",
    "to_refs",
    "cc_refs",
    "bcc_refs",
    "message_id",
    "subject",
    "received_lines",
    "additional_header_fields",
    "body",
    "body_multipart",
    "raw_email_ref",
  ],
  file: [
    "hashes",
    "size",
    "name",
    "name_enc",
    "magic_number_hex",
    "mime_type",
    "ctime",
    "mtime",
    "atime",
    "parent_directory_ref",
    "contains_refs",
    "content_ref",
  ],
  "ipv4-addr": ["value", "resolves_to_refs", "belongs_to_refs"],
  "ipv6-addr": ["value", "resolves_to_refs", "belongs_to_refs"],
  "mac-addr": ["value"],
  mutex: ["name"],
  "network-traffic": [
    "start",
    "end",
    "is_active",
    "src_ref",
    "dst_ref",
    "src_port",
    "dst_port",
    "protocols",
    "src_byte_count",
    "dst_byte_count",
    "src_packets",
    "dst_packets",
    "ipfix",
    "src_payload_ref",
    "dst_payload_ref",
    "encapsulates_refs",
    "encapsulated_by_ref",
  ],
  process: [
    "is_hidden",
    "pid",
    "created_time",
    "cwd",
    "command_line",
    "environment_variables",
    "opened_connection_refs",
    "creator_user_ref",
    "image_ref",
    "parent_ref",
    "child_refs",
    "name",
  ],
  software: ["name", "cpe", "swid", "languages", "vendor", "version"],
  url: ["value"],
  "user-account": [
    "user_id",
    "credential",
    "account_login",
    "account_type",
    "display_name",
    "is_service_account",
    "is_privileged",
    "can_escalate_privs",
    "is_disabled",
    "account_created",
    "account_expires",
    "credential_last_changed",
    "account_first_login",
    "account_last_login",
  ],
  "windows-registry-key": ["key", "values", "modified_time", "creator_user_ref", "number_of_subkeys"],
  "x509-certificate": [
    "is_self_signed",
    "hashes",
    "version",
    "serial_number",
    "signature_algorithm",
    "issuer",
    "validity_not_before",
    "validity_not_after",
    "subject",
    "subject_public_key_algorithm",
    "subject_public_key_modulus",
    "subject_public_key_exponent",
    "x509_v3_extensions",
  ],
};

/** STIX 2.0 property names that 2.1 renamed or dropped: taxiway reads 2.0 feeds too (STIX 2.0 part 4). */
const STIX_20_PROPERTIES: Record<string, string[]> = {
  file: ["created", "modified", "accessed", "is_encrypted", "encryption_algorithm", "decryption_key"],
  directory: ["created", "modified", "accessed"],
  process: ["created", "arguments", "binary_ref"],
  "windows-registry-key": ["modified"],
  "user-account": ["password_last_changed"],
};

const KNOWN = new Map(
  Object.entries(SCO_PROPERTIES).map(([type, properties]) => [
    type,
    new Set([...COMMON, ...properties, ...(STIX_20_PROPERTIES[type] ?? [])]),
  ]),
);

/**
 * Every name of the vocabulary, and hash names as feeds write them. Scanners hand out these shared (internalized)
 * copies (shared-names.ts), so later type switches and Map lookups compare pointers instead of characters.
 */
const names = new Set<string>([
  "MD5",
  "SHA-1",
  "SHA-256",
  "SHA-512",
  "SHA3-256",
  "SHA3-512",
  "SSDEEP",
  "TLSH",
]);
for (const [type, properties] of KNOWN) {
  names.add(type);
  for (const property of properties) names.add(property);
}
export const VOCABULARY_NAMES: ReadonlySet<string> = names;

/** The STIX 2.1 cyber-observable types. */
export const OBJECT_TYPES: ReadonlySet<string> = new Set(KNOWN.keys());

/**
 * Why an object path is outside the STIX 2.1 (and 2.0) vocabulary, or undefined when it is in it. Custom types
 * (`x-…`) and properties (`x_…`) are outside too: taxiway knows no IOC on them. Grammatical either way: the caller
 * counts such comparisons as non-standard and extracts the rest of the pattern.
 */
export function vocabularyProblem(path: ObjectPath): string | undefined {
  const first = path.steps[0];
  return vocabularyProblemOf(path.objectType, first?.kind === "property" ? first.name : undefined);
}

/** vocabularyProblem of a path starting `objectType:property` (`property` undefined when it starts otherwise). */
export function vocabularyProblemOf(objectType: string, property: string | undefined): string | undefined {
  const properties = KNOWN.get(objectType);
  if (!properties)
    return objectType.startsWith("x-")
      ? `custom object type '${objectType}'`
      : `object type '${objectType}' is not a STIX cyber-observable type`;
  if (property === undefined) return "an object path starts with a property name";
  if (properties.has(property)) return undefined;
  return property.startsWith("x_")
    ? `custom property '${objectType}:${property}'`
    : `'${objectType}' has no property '${property}'`;
}
