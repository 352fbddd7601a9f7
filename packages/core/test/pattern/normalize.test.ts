import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  generalDomain,
  generalEmail,
  generalHash,
  generalIpv4,
  generalUrl,
} from "../../src/ioc/normalize/general.js";
import {
  normalizeDomain,
  normalizeEmail,
  normalizeHash,
  normalizeIpv4,
  normalizeUrl,
} from "../../src/ioc/normalize/index.js";

// The normalizers settle clean input with one-pass scanners and hand the rest to the general rules. Whatever the
// route, the answer must be the general rules' answer: these properties feed both with inputs built from the
// characters that matter (digits, dots, letters of both cases, '-', '_', '@', '/', blanks, non-ASCII).

const pick = (alphabet: string, maxLength: number) =>
  fc.array(fc.constantFrom(...alphabet), { maxLength }).map((chars) => chars.join(""));

const octet = fc.oneof(
  fc.integer({ min: 0, max: 300 }).map(String),
  fc.constantFrom("0", "00", "01", "255", "256", "1000", ""),
);
const ipv4ish = fc.oneof(
  fc.tuple(octet, octet, octet, octet).map((parts) => parts.join(".")),
  fc
    .tuple(
      octet,
      octet,
      octet,
      octet,
      fc.constantFrom("/0", "/8", "/24", "/32", "/33", "/", "/x", "/24/8", " "),
    )
    .map(([a, b, c, d, tail]) => `${a}.${b}.${c}.${d}${tail}`),
  pick("0123456789./ x:", 20),
);

const label = fc.oneof(
  pick("abcxyzABCXYZ0129-_", 12),
  fc.constantFrom("-a", "a-", "xn--bcher-kva", "a".repeat(63), "a".repeat(64), "ÄÖ", "K", "\u212a", "İ"),
);
const hostish = fc.oneof(
  fc.array(label, { minLength: 1, maxLength: 5 }).map((labels) => labels.join(".")),
  fc
    .tuple(
      fc.array(label, { minLength: 1, maxLength: 4 }),
      fc.constantFrom(".", "..", " ", "\t", " .", ":80", "/x"),
    )
    .map(([labels, tail]) => labels.join(".") + tail),
  fc.constantFrom("1.2.3.4", "1.2.3", "123", "256.1.1.1", `${"a".repeat(60)}.`.repeat(5)),
  pick("ab.-_9 @/:\u00e9", 16),
);

const same =
  <T>(fast: (v: string) => T, general: (v: string) => T) =>
  (value: string) => {
    expect(fast(value)).toEqual(general(value));
  };

describe("normalizers: the scanners agree with the general rules", () => {
  it("IPv4 and CIDR", () => {
    fc.assert(fc.property(ipv4ish, same(normalizeIpv4, generalIpv4)), { numRuns: 20_000 });
  });

  it("domain names", () => {
    fc.assert(fc.property(hostish, same(normalizeDomain, generalDomain)), { numRuns: 20_000 });
  });

  it("e-mail addresses", () => {
    const local = fc.oneof(pick("abAB09._+-", 10), fc.constantFrom("", " a", "a b", "é", "a@b"));
    const email = fc.oneof(
      fc.tuple(local, hostish).map(([l, h]) => `${l}@${h}`),
      fc.tuple(local, hostish, fc.constantFrom(" ", "\n", "")).map(([l, h, s]) => `${s}${l}@${h}${s}`),
      pick("a@b. ", 12),
    );
    fc.assert(fc.property(email, same(normalizeEmail, generalEmail)), { numRuns: 20_000 });
  });

  it("URLs", () => {
    const url = fc.oneof(fc.webUrl(), pick("htps:/.a\t \u00a0\u00e9", 20), fc.string());
    fc.assert(fc.property(url, same(normalizeUrl, generalUrl)), { numRuns: 20_000 });
  });

  it("hashes of every algorithm, in any case and length", () => {
    const algorithm = fc.constantFrom(
      "MD5",
      "md5",
      "SHA-1",
      "sha1",
      "SHA-256",
      "Sha-256",
      "SHA256",
      "SHA-512",
      "SHA3-256",
      "SSDEEP",
      "TLSH",
      "tlsh",
      "x-custom",
      "constructor",
      "__proto__",
    );
    const hexDigits = pick("0123456789abcdefABCDEFg ", 130);
    const lengths = fc.constantFrom(32, 40, 56, 64, 96, 128);
    const exact = fc
      .tuple(lengths, fc.boolean())
      .map(([length, upper]) =>
        upper ? "aB3".repeat(length).slice(0, length) : "0f".repeat(length).slice(0, length),
      );
    fc.assert(
      fc.property(algorithm, fc.oneof(hexDigits, exact), (name, value) => {
        expect(normalizeHash(name, value)).toEqual(generalHash(name, value));
      }),
      { numRuns: 20_000 },
    );
  });

  it("settles the clean forms on the scanners' route, unchanged or lower-cased", () => {
    expect(normalizeIpv4("198.51.100.7")).toEqual({ ok: true, value: "198.51.100.7" });
    expect(normalizeDomain("Evil.Example.COM.")).toEqual({ ok: true, value: "evil.example.com" });
    expect(normalizeEmail("Bob@Example.org")).toEqual({ ok: true, value: "Bob@example.org" });
    expect(normalizeHash("SHA-256", "AB".repeat(32))).toEqual({
      ok: true,
      name: "SHA-256",
      value: "ab".repeat(32),
    });
    expect(normalizeHash("x-custom", "x")).toEqual({ ok: true, name: "x-custom", value: "x" });
    expect(normalizeHash("constructor", "x")).toMatchObject({ ok: false });
  });
});
