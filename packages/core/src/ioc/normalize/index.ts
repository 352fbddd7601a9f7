import {
  type AddressNormalized,
  generalDomain,
  generalEmail,
  generalHash,
  generalIpv4,
  generalIpv6,
  generalUrl,
  type HashNormalized,
} from "./general.js";
import { hashAlgorithm } from "./hash-algorithms.js";
import { mayBeDefanged } from "./refang.js";
import { type Normalized, ok } from "./result.js";
import { hexCase, isDottedQuad, isPrintableAscii, plainHostname } from "./scan.js";

export { normalizeMac } from "./general.js";
export { HASH_STRENGTH, hashAlgorithm } from "./hash-algorithms.js";
export { refang } from "./refang.js";
export type { Normalized } from "./result.js";
export { escapeUnsafe, hasUnsafeCharacters } from "./text.js";

// Each normalizer settles clean input with a one-pass scanner and leaves the rest (and every error message) to the
// general rules. test/pattern/normalize.test.ts checks both routes give the same answer on generated input.

export function normalizeIpv4(value: string): AddressNormalized {
  if (isDottedQuad(value)) return ok(value);
  return generalIpv4(value);
}

export function normalizeIpv6(value: string): AddressNormalized {
  return generalIpv6(value);
}

export function normalizeDomain(value: string): Normalized {
  const host = plainHostname(value);
  return host !== undefined ? ok(host) : generalDomain(value);
}

export function normalizeEmail(value: string): Normalized {
  const at = value.lastIndexOf("@");
  if (at > 0 && isPrintableAscii(value) && !mayBeDefanged(value)) {
    const domain = value.slice(at + 1);
    const host = plainHostname(domain);
    if (host !== undefined) return ok(host === domain ? value : `${value.slice(0, at)}@${host}`);
  }
  return generalEmail(value);
}

export function normalizeUrl(value: string): Normalized {
  return isPrintableAscii(value) && !mayBeDefanged(value) ? ok(value) : generalUrl(value);
}

export function normalizeHash(algorithm: string, value: string): HashNormalized {
  const known = hashAlgorithm(algorithm);
  if (known?.hexLength === value.length) {
    const hex = hexCase(value);
    if (hex !== 0) return { ok: true, name: known.name, value: hex === 1 ? value : value.toLowerCase() };
  }
  return generalHash(algorithm, value);
}
