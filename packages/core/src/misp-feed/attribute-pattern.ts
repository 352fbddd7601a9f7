/**
 * MISP attribute types → STIX 2.1 patterns (the mapping table of the README, "misp-feed"). Returns undefined for a
 * type taxiway does not map (it is counted and logged, never guessed).
 */
const quote = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
const ip = (value: string) => `[${value.includes(":") ? "ipv6-addr" : "ipv4-addr"}:value = ${quote(value)}]`;
const hash = (algorithm: string) => (value: string) => `[file:hashes.'${algorithm}' = ${quote(value)}]`;
const namedHash = (algorithm: string) => (value: string) => {
  const [name, digest] = splitPair(value);
  return `[file:name = ${quote(name)} AND file:hashes.'${algorithm}' = ${quote(digest)}]`;
};
function splitPair(value: string): [string, string] {
  const at = value.lastIndexOf("|");
  return at < 0 ? [value, ""] : [value.slice(0, at), value.slice(at + 1)];
}

export const MISP_PATTERNS: Readonly<Record<string, (value: string) => string>> = {
  "ip-src": ip,
  "ip-dst": ip,
  "ip-src|port": (value) => ip(splitPair(value)[0]),
  "ip-dst|port": (value) => ip(splitPair(value)[0]),
  domain: (value) => `[domain-name:value = ${quote(value)}]`,
  hostname: (value) => `[domain-name:value = ${quote(value)}]`,
  "domain|ip": (value) => {
    const [domain, address] = splitPair(value);
    return `[domain-name:value = ${quote(domain)}] OR ${ip(address)}`;
  },
  url: (value) => `[url:value = ${quote(value)}]`,
  link: (value) => `[url:value = ${quote(value)}]`,
  "email-src": (value) => `[email-addr:value = ${quote(value)}]`,
  "email-dst": (value) => `[email-addr:value = ${quote(value)}]`,
  email: (value) => `[email-addr:value = ${quote(value)}]`,
  md5: hash("MD5"),
  sha1: hash("SHA-1"),
  sha256: hash("SHA-256"),
  sha512: hash("SHA-512"),
  ssdeep: hash("SSDEEP"),
  filename: (value) => `[file:name = ${quote(value)}]`,
  "filename|md5": namedHash("MD5"),
  "filename|sha1": namedHash("SHA-1"),
  "filename|sha256": namedHash("SHA-256"),
  "filename|sha512": namedHash("SHA-512"),
  mutex: (value) => `[mutex:name = ${quote(value)}]`,
  regkey: (value) => `[windows-registry-key:key = ${quote(value)}]`,
  "mac-address": (value) => `[mac-addr:value = ${quote(value.toLowerCase())}]`,
  AS: (value) => `[autonomous-system:number = ${Number.parseInt(value.replace(/^AS/i, ""), 10)}]`,
  "x509-fingerprint-sha1": (value) => `[x509-certificate:hashes.'SHA-1' = ${quote(value)}]`,
  "x509-fingerprint-sha256": (value) => `[x509-certificate:hashes.'SHA-256' = ${quote(value)}]`,
};
