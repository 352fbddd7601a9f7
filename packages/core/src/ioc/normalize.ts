import { isIPv4, isIPv6 } from "node:net";
import { domainToASCII } from "node:url";

/** A normalized value, or why the value cannot be an IOC of that type. */
export type Normalized = { ok: true; value: string } | { ok: false; reason: string };

const ok = (value: string): Normalized => ({ ok: true, value });
const bad = (reason: string): Normalized => ({ ok: false, reason });

export function normalizeIpv4(value: string): Normalized & { cidr?: boolean } {
  const [address, prefix, extra] = value.trim().split("/");
  if (extra !== undefined || !address || !isIPv4(address)) return bad(`'${value}' is not an IPv4 address`);
  if (prefix === undefined) return ok(address);
  const bits = Number(prefix);
  if (!/^\d{1,2}$/.test(prefix) || bits > 32) return bad(`'${value}' has an invalid IPv4 prefix length`);
  return bits === 32 ? ok(address) : { ok: true, value: `${address}/${bits}`, cidr: true };
}

function compressIpv6(address: string): string {
  // The WHATWG URL serializer writes the RFC 5952 form: lower case, longest zero run as '::'.
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

export function normalizeIpv6(value: string): Normalized & { cidr?: boolean } {
  const [address, prefix, extra] = value.trim().split("/");
  if (extra !== undefined || !address || !isIPv6(address)) return bad(`'${value}' is not an IPv6 address`);
  const compressed = compressIpv6(address);
  if (prefix === undefined) return ok(compressed);
  const bits = Number(prefix);
  if (!/^\d{1,3}$/.test(prefix) || bits > 128) return bad(`'${value}' has an invalid IPv6 prefix length`);
  return bits === 128 ? ok(compressed) : { ok: true, value: `${compressed}/${bits}`, cidr: true };
}

/**
 * Labels of 1–63 characters from a-z 0-9 _ -, not starting or ending with '-', 253 characters at most: one pass
 * over char codes (this runs for every domain, URL host and e-mail of a feed). Also says whether the name is only
 * digits and dots, the one case that needs the IPv4 check.
 */
function validHostname(name: string): { valid: boolean; numeric: boolean } {
  if (name.length === 0 || name.length > 253) return { valid: false, numeric: false };
  let labelStart = 0;
  let numeric = true;
  for (let i = 0; i <= name.length; i++) {
    const c = i === name.length ? 46 : name.charCodeAt(i);
    if (c === 46) {
      const length = i - labelStart;
      if (length < 1 || length > 63) return { valid: false, numeric };
      if (name.charCodeAt(labelStart) === 45 || name.charCodeAt(i - 1) === 45)
        return { valid: false, numeric };
      labelStart = i + 1;
      continue;
    }
    const digit = c >= 48 && c <= 57;
    if (!(digit || (c >= 97 && c <= 122) || c === 95 || c === 45)) return { valid: false, numeric: false };
    if (!digit) numeric = false;
  }
  return { valid: true, numeric };
}

export function normalizeDomain(value: string): Normalized {
  const trimmed = value.trim().replace(/\.$/, "");
  if (!trimmed || /[\s/:@]/.test(trimmed)) return bad(`'${value}' is not a domain name`);
  const lower = trimmed.toLowerCase();
  // domainToASCII is costly: only names with non-ASCII characters need it.
  const ascii = /^[\x00-\x7f]+$/.test(lower) ? lower : domainToASCII(lower);
  const { valid, numeric } = validHostname(ascii);
  if (!valid) return bad(`'${value}' is not a domain name`);
  if (numeric && isIPv4(ascii)) return bad(`'${value}' is an IP address, not a domain name`);
  return ok(ascii);
}

export function normalizeEmail(value: string): Normalized {
  const trimmed = value.trim();
  const at = trimmed.lastIndexOf("@");
  if (at < 1 || at === trimmed.length - 1 || /\s/.test(trimmed))
    return bad(`'${value}' is not an e-mail address`);
  const domain = normalizeDomain(trimmed.slice(at + 1));
  if (!domain.ok) return bad(`'${value}' is not an e-mail address (domain part)`);
  return ok(`${trimmed.slice(0, at)}@${domain.value}`);
}

export function normalizeUrl(value: string): Normalized {
  return value.trim() === "" || /\s/.test(value.trim()) ? bad(`'${value}' is not a URL`) : ok(value.trim());
}

export function normalizeMac(value: string): Normalized {
  const lower = value.trim().toLowerCase();
  return /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/.test(lower)
    ? ok(lower.replace(/-/g, ":"))
    : bad(`'${value}' is not a MAC address`);
}

/** STIX hash algorithm names, canonical spelling, with the hex length where fixed. */
const HASHES: Record<string, { name: string; hexLength?: number }> = {
  md5: { name: "MD5", hexLength: 32 },
  "sha-1": { name: "SHA-1", hexLength: 40 },
  sha1: { name: "SHA-1", hexLength: 40 },
  "sha-224": { name: "SHA-224", hexLength: 56 },
  "sha-256": { name: "SHA-256", hexLength: 64 },
  sha256: { name: "SHA-256", hexLength: 64 },
  "sha-384": { name: "SHA-384", hexLength: 96 },
  sha384: { name: "SHA-384", hexLength: 96 },
  "sha-512": { name: "SHA-512", hexLength: 128 },
  sha512: { name: "SHA-512", hexLength: 128 },
  "sha3-224": { name: "SHA3-224", hexLength: 56 },
  "sha3-256": { name: "SHA3-256", hexLength: 64 },
  "sha3-384": { name: "SHA3-384", hexLength: 96 },
  "sha3-512": { name: "SHA3-512", hexLength: 128 },
  ssdeep: { name: "SSDEEP" },
  tlsh: { name: "TLSH" },
};

/** Strongest first: the value of a file IOC is its strongest hash. */
export const HASH_STRENGTH = [
  "SHA-512",
  "SHA3-512",
  "SHA-384",
  "SHA3-384",
  "SHA-256",
  "SHA3-256",
  "SHA-224",
  "SHA3-224",
  "SHA-1",
  "MD5",
  "TLSH",
  "SSDEEP",
];

export function normalizeHash(
  algorithm: string,
  value: string,
): { ok: true; name: string; value: string } | { ok: false; reason: string } {
  const known = HASHES[algorithm.toLowerCase()];
  const trimmed = value.trim();
  if (!known)
    return trimmed
      ? { ok: true, name: algorithm, value: trimmed }
      : { ok: false, reason: `empty ${algorithm} hash` };
  if (known.hexLength !== undefined) {
    const lower = trimmed.toLowerCase();
    if (lower.length !== known.hexLength || !/^[0-9a-f]+$/.test(lower))
      return { ok: false, reason: `'${value}' is not a ${known.name} hash (${known.hexLength} hex digits)` };
    return { ok: true, name: known.name, value: lower };
  }
  if (!trimmed) return { ok: false, reason: `empty ${known.name} hash` };
  return { ok: true, name: known.name, value: known.name === "TLSH" ? trimmed.toLowerCase() : trimmed };
}
