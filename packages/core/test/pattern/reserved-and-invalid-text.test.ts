import { extractFromObject, type StixObject } from "@taxiway/core";
import { describe, expect, it } from "vitest";

const indicator = (pattern: string): StixObject => ({
  type: "indicator",
  spec_version: "2.1",
  id: "indicator--00000000-0000-4000-8000-000000000001",
  created: "2026-01-01T00:00:00.000Z",
  modified: "2026-01-01T00:00:00.000Z",
  valid_from: "2026-01-01T00:00:00.000Z",
  pattern_type: "stix",
  pattern,
});

const extract = (pattern: string) =>
  extractFromObject(indicator(pattern), { feed: "f", collection: "c", markings: new Map() });

describe("extraction never drops an IOC silently", () => {
  for (const name of ["__proto__", "constructor", "prototype"])
    it(`a hash named ${name} is an INVALID_VALUE problem (dead-lettered), not a vanished comparison`, () => {
      const { records, problems } = extract(`[file:hashes.${name} = 'd41d8cd98f00b204e9800998ecf8427e']`);
      expect(records).toEqual([]);
      expect(problems).toEqual([
        {
          code: "INVALID_VALUE",
          message: `'${name}' is not a hash algorithm name (a reserved property name)`,
        },
      ]);
    });

  it("the other hashes of the file are kept beside a reserved one", () => {
    const { records, problems } = extract(
      "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e' AND file:hashes.__proto__ = 'x']",
    );
    expect(records.map((r) => r.value)).toEqual(["d41d8cd98f00b204e9800998ecf8427e"]);
    expect(problems.map((p) => p.code)).toEqual(["INVALID_VALUE"]);
  });

  it("a value decoded from invalid UTF-8 (U+FFFD) is dead-lettered with the reason, not delivered wrong", () => {
    const text = Buffer.from([
      0x65, 0x76, 0x69, 0x6c, 0xff, 0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65,
    ]).toString("utf8");
    const { records, problems } = extract(`[mutex:name = '${text}'] OR [ipv4-addr:value = '10.0.0.1']`);
    expect(records.map((r) => r.value)).toEqual(["10.0.0.1"]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/U\+FFFD: the server sent bytes that are not valid UTF-8/);
  });
});
