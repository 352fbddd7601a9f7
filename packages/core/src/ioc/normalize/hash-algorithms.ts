/** A STIX hash algorithm: canonical spelling, and the hex length where it is fixed. */
export interface HashAlgorithm {
  name: string;
  hexLength?: number;
}

const ALGORITHMS: Array<[spellings: string[], algorithm: HashAlgorithm]> = [
  [["MD5"], { name: "MD5", hexLength: 32 }],
  [["SHA-1", "SHA1"], { name: "SHA-1", hexLength: 40 }],
  [["SHA-224"], { name: "SHA-224", hexLength: 56 }],
  [["SHA-256", "SHA256"], { name: "SHA-256", hexLength: 64 }],
  [["SHA-384", "SHA384"], { name: "SHA-384", hexLength: 96 }],
  [["SHA-512", "SHA512"], { name: "SHA-512", hexLength: 128 }],
  [["SHA3-224"], { name: "SHA3-224", hexLength: 56 }],
  [["SHA3-256"], { name: "SHA3-256", hexLength: 64 }],
  [["SHA3-384"], { name: "SHA3-384", hexLength: 96 }],
  [["SHA3-512"], { name: "SHA3-512", hexLength: 128 }],
  [["SSDEEP"], { name: "SSDEEP" }],
  [["TLSH"], { name: "TLSH" }],
];

// A Map, not an object literal: a hash named `constructor` or `__proto__` must not find Object.prototype members.
// Keyed by the spellings feeds use (canonical and lower case) so the common case needs no toLowerCase().
const BY_SPELLING = new Map<string, HashAlgorithm>();
for (const [spellings, algorithm] of ALGORITHMS)
  for (const spelling of spellings) {
    BY_SPELLING.set(spelling, algorithm);
    BY_SPELLING.set(spelling.toLowerCase(), algorithm);
  }

/** The algorithm a `hashes` key names, in any letter case; undefined for names outside the STIX vocabulary. */
export function hashAlgorithm(key: string): HashAlgorithm | undefined {
  return BY_SPELLING.get(key) ?? BY_SPELLING.get(key.toLowerCase());
}

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
