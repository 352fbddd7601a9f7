import { isIPv4, isIPv6 } from "node:net";
import { domainToASCII } from "node:url";
import { hashAlgorithm } from "./hash-algorithms.js";
import { isDefanged } from "./refang.js";
import { bad, type Normalized, ok } from "./result.js";
import { escapeUnsafe, hasUnsafeCharacters } from "./text.js";

// The complete rules, written for clarity. The scanners in index.ts settle the common, clean inputs in one pass;
// everything else (surrounding blanks, non-ASCII, anything invalid) comes here, and every error message is made here.

export type AddressNormalized = Normalized & { cidr?: boolean };

export function generalIpv4(value: string): AddressNormalized {
  const [address, prefix, extra] = value.trim().split("/");
  if (extra !== undefined || !address || !isIPv4(address)) return bad(`'${value}' is not an IPv4 address`);
  if (prefix === undefined) return ok(address);
  const bits = Number(prefix);
  if (!/^\d{1,2}$/.test(prefix) || bits > 32) return bad(`'${value}' has an invalid IPv4 prefix length`);
  return bits === 32 ? ok(address) : { ok: true, value: `${address}/${bits}`, cidr: true };
}

const MAPPED = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/** The RFC 5952 text of a valid IPv6 address, with an IPv4-mapped address in the dotted form §5 recommends. */
function compressIpv6(address: string): string {
  // The WHATWG URL serializer writes the RFC 5952 form: lower case, longest zero run as '::'.
  const compressed = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const mapped = MAPPED.exec(compressed);
  if (!mapped) return compressed;
  const high = Number.parseInt(mapped[1] as string, 16);
  const low = Number.parseInt(mapped[2] as string, 16);
  return `::ffff:${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

// RFC 6874 §2: a zone id is unreserved characters (or percent-encoded ones), e.g. fe80::1%eth0.
const ZONE_ID = /^[A-Za-z0-9._~-]+$/;

export function generalIpv6(value: string): AddressNormalized {
  const [scoped, prefix, extra] = value.trim().split("/");
  const zoneAt = scoped?.indexOf("%") ?? -1;
  const address = zoneAt < 0 ? scoped : scoped?.slice(0, zoneAt);
  const zone = zoneAt < 0 ? "" : (scoped as string).slice(zoneAt);
  if (extra !== undefined || !address || !isIPv6(address)) return bad(`'${value}' is not an IPv6 address`);
  if (zone !== "" && !ZONE_ID.test(zone.slice(1))) return bad(`'${value}' has an invalid IPv6 zone id`);
  const compressed = compressIpv6(address) + zone;
  if (prefix === undefined) return ok(compressed);
  const bits = Number(prefix);
  if (!/^\d{1,3}$/.test(prefix) || bits > 128) return bad(`'${value}' has an invalid IPv6 prefix length`);
  return bits === 128 ? ok(compressed) : { ok: true, value: `${compressed}/${bits}`, cidr: true };
}

const HOST_LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

function validHostname(name: string): boolean {
  return name.length > 0 && name.length <= 253 && name.split(".").every((label) => HOST_LABEL.test(label));
}

export function generalDomain(value: string): Normalized {
  if (hasUnsafeCharacters(value))
    return bad(`'${escapeUnsafe(value)}' holds control characters or lone surrogates`);
  const trimmed = value.trim().replace(/\.$/, "");
  if (!trimmed || /[\s/:@]/.test(trimmed)) return bad(`'${value}' is not a domain name`);
  const lower = trimmed.toLowerCase();
  const ascii = /^[\x00-\x7f]+$/.test(lower) ? lower : domainToASCII(lower);
  if (!validHostname(ascii)) return bad(`'${value}' is not a domain name`);
  if (isIPv4(ascii)) return bad(`'${value}' is an IP address, not a domain name`);
  return ok(ascii);
}

export function generalEmail(value: string): Normalized {
  const trimmed = value.trim();
  if (hasUnsafeCharacters(trimmed))
    return bad(`'${escapeUnsafe(value)}' holds control characters or lone surrogates`);
  if (isDefanged(trimmed)) return bad(`'${value}' is defanged (extract.refang is off)`);
  const at = trimmed.lastIndexOf("@");
  if (at < 1 || at === trimmed.length - 1 || /\s/.test(trimmed))
    return bad(`'${value}' is not an e-mail address`);
  const domain = generalDomain(trimmed.slice(at + 1));
  if (!domain.ok) return bad(`'${value}' is not an e-mail address (domain part)`);
  return ok(`${trimmed.slice(0, at)}@${domain.value}`);
}

export function generalUrl(value: string): Normalized {
  const trimmed = value.trim();
  if (trimmed === "" || /\s/.test(trimmed)) return bad(`'${escapeUnsafe(value)}' is not a URL`);
  if (hasUnsafeCharacters(trimmed))
    return bad(`'${escapeUnsafe(value)}' holds control characters or lone surrogates`);
  if (isDefanged(trimmed)) return bad(`'${value}' is defanged (extract.refang is off)`);
  return ok(trimmed);
}

export function normalizeMac(value: string): Normalized {
  const lower = value.trim().toLowerCase();
  return /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/.test(lower)
    ? ok(lower.replace(/-/g, ":"))
    : bad(`'${value}' is not a MAC address`);
}

export type HashNormalized = { ok: true; name: string; value: string } | { ok: false; reason: string };

/** Property names that would reach an object's prototype if used as keys: never hash names. */
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export function generalHash(algorithm: string, value: string): HashNormalized {
  const known = hashAlgorithm(algorithm);
  const trimmed = value.trim();
  if (!known && PROTOTYPE_KEYS.has(algorithm))
    return { ok: false, reason: `'${algorithm}' is not a hash algorithm name (a reserved property name)` };
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
