import type { IocRecord } from "@taxiway/core";
import { IOC_TYPES } from "@taxiway/core";
import { sampleRecord } from "@taxiway/testkit";
import { describe, expect, it } from "vitest";
import { confidenceLabel, ECS_TYPES, ecsDocument } from "../src/document.js";

const ECS_EXPECTED_TYPES = [
  "autonomous-system",
  "artifact",
  "directory",
  "domain-name",
  "email-addr",
  "file",
  "ipv4-addr",
  "ipv6-addr",
  "mac-addr",
  "mutex",
  "port",
  "process",
  "software",
  "url",
  "user-account",
  "windows-registry-key",
  "x509-certificate",
];

function indicatorOf(overrides: Partial<IocRecord>): Record<string, unknown> {
  const document = ecsDocument(sampleRecord(1, overrides));
  return (document.threat as { indicator: Record<string, unknown> }).indicator;
}

const sha256 = "a".repeat(64);
const md5 = "b".repeat(32);

// One row per IOC type: the record, and the ECS fields it must produce.
const cases: Array<[IocRecord["type"], Partial<IocRecord>, Record<string, unknown>]> = [
  [
    "ipv4",
    { value: "203.0.113.9", observable: { direction: "dst", dst_port: 443 } },
    { type: "ipv4-addr", ip: "203.0.113.9", port: 443, name: "203.0.113.9" },
  ],
  ["ipv6", { value: "2001:db8::1" }, { type: "ipv6-addr", ip: "2001:db8::1" }],
  ["cidr", { value: "198.51.100.0/24" }, { type: "ipv4-addr", name: "198.51.100.0/24" }],
  ["domain", { value: "evil.example" }, { type: "domain-name", url: { domain: "evil.example" } }],
  [
    "url",
    { value: "http://evil.example/x?y#z" },
    {
      type: "url",
      url: {
        full: "http://evil.example/x?y#z",
        original: "http://evil.example/x?y#z",
        scheme: "http",
        domain: "evil.example",
        path: "/x",
        query: "y",
        fragment: "z",
      },
    },
  ],
  ["email", { value: "a@evil.example" }, { type: "email-addr", email: { address: "a@evil.example" } }],
  ["email-subject", { value: "Invoice 42" }, { type: "email-message", name: "Invoice 42" }],
  [
    "file",
    { value: sha256, hashes: { "SHA-256": sha256, MD5: md5 }, file_name: "a.exe", file_size: 10 },
    { type: "file", file: { hash: { sha256, md5 }, name: "a.exe", size: 10 } },
  ],
  [
    "x509",
    {
      value: "01:02",
      observable: {
        serial_number: "01:02",
        issuer: "CN=Bad CA",
        subject: "CN=evil.example",
        validity_not_before: "2026-01-01T00:00:00Z",
      },
    },
    {
      type: "x509-certificate",
      x509: {
        serial_number: "01:02",
        issuer: { distinguished_name: "CN=Bad CA" },
        subject: { distinguished_name: "CN=evil.example" },
        not_before: "2026-01-01T00:00:00Z",
      },
    },
  ],
  ["asn", { value: "64496" }, { type: "autonomous-system", as: { number: 64496 } }],
  ["mac", { value: "00:11:22:33:44:55" }, { type: "mac-addr", name: "00:11:22:33:44:55" }],
  ["mutex", { value: "Global\\evil" }, { type: "mutex", name: "Global\\evil" }],
  [
    "registry-key",
    { value: "HKEY_LOCAL_MACHINE\\Software\\Run", observable: { "values[*].data": "evil.exe" } },
    {
      type: "windows-registry-key",
      registry: {
        hive: "HKLM",
        key: "Software\\Run",
        path: "HKEY_LOCAL_MACHINE\\Software\\Run",
        value: "evil.exe",
      },
    },
  ],
  ["user-agent", { value: "EvilBot/1.0" }, { type: "user-agent", name: "EvilBot/1.0" }],
  ["process", { value: "evil.exe -x" }, { type: "process", name: "evil.exe -x" }],
  ["user-account", { value: "backdoor" }, { type: "user-account", name: "backdoor" }],
  ["software", { value: "cpe:2.3:a:evil:tool:1.0" }, { type: "software", name: "cpe:2.3:a:evil:tool:1.0" }],
  [
    "artifact",
    { value: sha256, hashes: { "SHA-256": sha256 } },
    { type: "artifact", file: { hash: { sha256 } } },
  ],
  ["directory", { value: "C:\\evil" }, { type: "directory", file: { path: "C:\\evil" } }],
  ["rule", { value: "alert tcp any any -> any any" }, { type: "rule" }],
];

describe("ECS mapping, IOC type by IOC type", () => {
  it("covers every IOC type the core produces", () => {
    expect(cases.map(([type]) => type).sort()).toEqual([...IOC_TYPES].sort());
  });

  it.each(cases)("%s", (type, overrides, expected) => {
    expect(indicatorOf({ type, ...overrides })).toMatchObject(expected);
  });

  it("uses ECS expected values for every type ECS has one for", () => {
    const outside = Object.entries(ECS_TYPES).filter(([, ecs]) => !ECS_EXPECTED_TYPES.includes(ecs));
    // STIX has no single ECS counterpart for these; README says so.
    expect(outside.map(([type]) => type).sort()).toEqual(["email-subject", "rule", "user-agent"]);
  });

  it("an IPv6 CIDR is typed ipv6-addr", () => {
    expect(indicatorOf({ type: "cidr", value: "2001:db8::/32" }).type).toBe("ipv6-addr");
  });

  it("hashes and addresses go to related.*", () => {
    expect(ecsDocument(sampleRecord(1, { value: "203.0.113.9" })).related).toEqual({ ip: ["203.0.113.9"] });
    const file = ecsDocument(sampleRecord(1, { type: "file", value: md5, hashes: { MD5: md5 } }));
    expect(file.related).toEqual({ hash: [md5] });
  });
});

describe("indicator context", () => {
  it("maps confidence by the STIX 2.1 scale", () => {
    expect([0, 1, 29, 30, 69, 70, 100, undefined].map(confidenceLabel)).toEqual([
      "None",
      "Low",
      "Low",
      "Medium",
      "Medium",
      "High",
      "High",
      undefined,
    ]);
  });

  it("carries dates, marking, reference, event classification, tags and the STIX source", () => {
    const record = sampleRecord(3, {
      valid_from: "2026-01-02T00:00:00.000Z",
      modified: "2026-02-03T00:00:00.000Z",
      valid_until: "2026-12-31T00:00:00.000Z",
      tlp: "amber+strict",
      tlp_version: "2.0",
      labels: ["c2"],
      description: "Cobalt Strike team server",
      external_references: [{ source_name: "report", url: "https://intel.example/r/3" }],
    });
    const document = ecsDocument(record);
    expect(document).toMatchObject({
      "@timestamp": "2026-02-03T00:00:00.000Z",
      event: { kind: "enrichment", category: ["threat"], type: ["indicator"] },
      tags: ["c2"],
      threat: {
        feed: { name: "conformance" },
        indicator: {
          first_seen: "2026-01-02T00:00:00.000Z",
          last_seen: "2026-02-03T00:00:00.000Z",
          modified_at: "2026-02-03T00:00:00.000Z",
          marking: { tlp: "AMBER+STRICT", tlp_version: "2.0" },
          reference: "https://intel.example/r/3",
          description: "Cobalt Strike team server",
          id: [record.stix_id],
        },
      },
      taxiway: {
        key: record.key,
        stix_id: record.stix_id,
        stix_name: record.name,
        valid_until: "2026-12-31T00:00:00.000Z",
        expires_at: "2026-12-31T00:00:00.000Z",
        revoked: false,
      },
    });
  });

  it("flags a revoked record kept under on_revoked: flag", () => {
    const document = ecsDocument(sampleRecord(1, { action: "delete", revoked: false }), {
      revokedFlag: true,
    });
    expect((document.taxiway as { revoked: boolean }).revoked).toBe(true);
  });
});
