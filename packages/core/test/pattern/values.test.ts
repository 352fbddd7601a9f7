import { extractFromObject, refang } from "@taxiway/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractPattern } from "./extract-helper.js";

// Issue 19, item 9: values a SIEM can match.

const literal = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

function records(pattern: string, refangs = true) {
  return extractFromObject(
    {
      type: "indicator",
      spec_version: "2.1",
      id: "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
      pattern,
      pattern_type: "stix",
    },
    { feed: "test", collection: "c", refang: refangs },
  );
}

describe("IPv6 values", () => {
  it("a zone id gives an IOC (fe80::1%eth0), never EXTRACTION_FAILED", () => {
    expect(extractPattern("[ipv6-addr:value = 'fe80::1%eth0']").iocs).toEqual(["ipv6:fe80::1%eth0"]);
    expect(extractPattern("[ipv6-addr:value = 'FE80:0:0:0:0:0:0:1%25']").iocs).toEqual(["ipv6:fe80::1%25"]);
    expect(extractPattern("[ipv6-addr:value = 'fe80::1%']").problems).toEqual([
      "INVALID_VALUE: 'fe80::1%' has an invalid IPv6 zone id",
    ]);
    expect(extractPattern("[ipv6-addr:value = 'fe80::1%a b']").problems[0]).toMatch(/^INVALID_VALUE/);
  });

  it("an IPv4-mapped address keeps the dotted form (RFC 5952 §5)", () => {
    expect(extractPattern("[ipv6-addr:value = '::ffff:198.51.100.7']").iocs).toEqual([
      "ipv6:::ffff:198.51.100.7",
    ]);
    expect(extractPattern("[ipv6-addr:value = '0:0:0:0:0:FFFF:C633:6407']").iocs).toEqual([
      "ipv6:::ffff:198.51.100.7",
    ]);
    expect(extractPattern("[network-traffic:dst_ref.value = '::ffff:10.0.0.1']").iocs).toEqual([
      "ipv6:::ffff:10.0.0.1",
    ]);
  });
});

describe("defanged values", () => {
  const cases: Array<[string, string, string]> = [
    ["url:value", "hxxp://example[.]com/x", "url:http://example.com/x"],
    ["url:value", "hXXps://example(.)com/x", "url:https://example.com/x"],
    ["url:value", "http[:]//example.com/x", "url:http://example.com/x"],
    ["url:value", "http[://example.com/x", "url:http://example.com/x"],
    ["domain-name:value", "www[.]example[.]com", "domain:www.example.com"],
    ["ipv4-addr:value", "198.51.100[.]7", "ipv4:198.51.100.7"],
    ["ipv6-addr:value", "2001:db8[:]:1", "ipv6:2001:db8::1"],
    ["email-addr:value", "bad[@]evil[.]example", "email:bad@evil.example"],
    ["email-message:from_ref.value", "bad[@]evil[.]example", "email:bad@evil.example"],
    ["network-traffic:dst_ref.value", "evil[.]example", "domain:evil.example"],
    ["file:name", "invoice[.]pdf", "file:invoice.pdf"],
    ["mutex:name", "Global\\\\evil[.]lock", "mutex:Global\\evil.lock"],
  ];

  it("are refanged for every type by default, the feed's text kept in value_original", () => {
    for (const [path, value, expected] of cases) {
      const pattern = `[${path} = '${value}']`;
      const result = records(pattern);
      expect(result.problems, pattern).toEqual([]);
      expect(
        result.records.map((r) => `${r.type}:${r.value}`),
        pattern,
      ).toEqual([expected]);
      expect(result.records[0]?.value_original, pattern).toBe(value.replace(/\\\\/g, "\\"));
    }
    expect(records("[url:value = 'http://example.com/x']").records[0]?.value_original).toBeUndefined();
  });

  it("with extract.refang: false, defanged hosts, e-mails and URLs are refused (INVALID_VALUE), never live", () => {
    for (const [path, value] of cases.slice(0, 10)) {
      const pattern = `[${path} = '${value}']`;
      const result = records(pattern, false);
      expect(result.records, pattern).toEqual([]);
      expect(
        result.problems.map((p) => p.code),
        pattern,
      ).toEqual(["INVALID_VALUE"]);
    }
    expect(records("[file:name = 'invoice[.]pdf']", false).records[0]?.value).toBe("invoice[.]pdf");
  });

  it("SCOs shipped directly are refanged too", () => {
    const result = extractFromObject(
      { type: "domain-name", spec_version: "2.1", id: "domain-name--1", value: "evil[.]example" },
      { feed: "f", collection: "c" },
    );
    expect(result.records.map((r) => [r.value, r.value_original])).toEqual([
      ["evil.example", "evil[.]example"],
    ]);
  });
});

describe("control characters and lone surrogates", () => {
  it("are refused in host-like values and escaped (\\uXXXX) elsewhere", () => {
    for (const path of ["url:value", "domain-name:value", "email-addr:value"]) {
      for (const bad of ["http://a.example/\u0000x", "a\u0007.example", "a\ud800@b.example"]) {
        const result = extractPattern(`[${path} = ${literal(bad)}]`);
        expect(result.iocs, `${path} ${JSON.stringify(bad)}`).toEqual([]);
        expect(result.problems[0]).toMatch(/^INVALID_VALUE/);
      }
    }
    expect(extractPattern(`[mutex:name = ${literal("a\u0000b")}]`).iocs).toEqual(["mutex:a\\u0000b"]);
    expect(extractPattern(`[file:name = ${literal("x\ud800.exe")}]`).iocs).toEqual(["file:x\\ud800.exe"]);
    expect(extractPattern(`[windows-registry-key:key = ${literal("HKLM\\\\Run\u001b")}]`).iocs).toEqual([
      "registry-key:HKLM\\\\Run\\u001b",
    ]);
    // A well-formed pair (an emoji) is not a lone surrogate.
    expect(extractPattern(`[mutex:name = ${literal("m\ud83d\ude00")}]`).iocs).toEqual([
      "mutex:m\ud83d\ude00",
    ]);
  });
});

const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe("normalization properties (fixed seed)", () => {
  // Strings near the interesting cases: defang markers, controls, surrogates, hosts, addresses, plain text.
  const piece = fc.constantFrom(
    "[.]",
    "(.)",
    "[:]",
    "[@]",
    "hxxp",
    "://",
    ".",
    ":",
    "@",
    "%",
    "/",
    "example",
    "com",
    "198.51.100.7",
    "::ffff:",
    "fe80::1",
    "\u0000",
    "\u001b",
    "\u009f",
    "\ud800",
    "\udc00",
    "\ud83d\ude00",
    " ",
    "é",
    "x",
  );
  const value = fc.oneof(
    fc.array(piece, { maxLength: 8 }).map((parts) => parts.join("")),
    fc.string({ unit: "binary", maxLength: 12 }),
  );
  const HOST_LIKE = [
    "url:value",
    "domain-name:value",
    "email-addr:value",
    "ipv4-addr:value",
    "ipv6-addr:value",
  ];

  it("host-like IOCs are live, clean and fixpoints of their own normalization", () => {
    fc.assert(
      fc.property(fc.constantFrom(...HOST_LIKE), value, (path, text) => {
        for (const record of records(`[${path} = ${literal(text)}]`).records) {
          expect(UNSAFE.test(record.value)).toBe(false);
          expect(refang(record.value)).toBe(record.value);
          const again = records(`[${path} = ${literal(record.value)}]`).records;
          expect(again.map((r) => r.value)).toEqual([record.value]);
          expect(again[0]?.value_original).toBeUndefined();
          if (record.value_original !== undefined) expect(record.value_original).toBe(text);
        }
      }),
      { numRuns: 3000, seed: 19 },
    );
  });

  it("free-text IOCs carry no control character or lone surrogate, and clean text stays as written", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("mutex:name", "file:name", "windows-registry-key:key"),
        value,
        (path, text) => {
          for (const record of records(`[${path} = ${literal(text)}]`).records) {
            expect(UNSAFE.test(record.value)).toBe(false);
            if (!UNSAFE.test(text) && refang(text) === text) expect(record.value).toBe(text);
          }
        },
      ),
      { numRuns: 3000, seed: 19 },
    );
  });
});

// Found by a fresh-eyes session (issue 24): `resolves_to_refs` comparisons were dropped without a word.
describe("objects an address or a domain refers to", () => {
  it("a domain's resolves_to_refs address is an IOC of its own, with the relation as context", () => {
    expect(extractPattern("[domain-name:resolves_to_refs[*].value = '10.1.2.3']").iocs).toEqual([
      "ipv4:10.1.2.3",
    ]);
    expect(
      extractPattern(
        "[domain-name:value = 'www.example.com' AND domain-name:resolves_to_refs[*].value = '2001:DB8::1']",
      ).iocs.sort(),
    ).toEqual(["domain:www.example.com", "ipv6:2001:db8::1"]);
    const [record] = records("[domain-name:resolves_to_refs[0].value = '10.1.2.3']").records;
    expect(record?.observable).toEqual({ relation: "resolves_to" });
  });

  it("an address's resolves_to_refs MAC and belongs_to_refs autonomous system are IOCs", () => {
    expect(extractPattern("[ipv4-addr:resolves_to_refs[*].value = '00:11:22:AA:BB:CC']").iocs).toEqual([
      "mac:00:11:22:aa:bb:cc",
    ]);
    expect(extractPattern("[ipv6-addr:belongs_to_refs[*].number = 15169]").iocs).toEqual(["asn:15169"]);
  });

  it("a referenced value that is no address is reported, never dropped", () => {
    const result = extractPattern("[domain-name:resolves_to_refs[*].value = 'not an address!']");
    expect(result.iocs).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/^INVALID_VALUE: .*not an address!/);
  });
});
