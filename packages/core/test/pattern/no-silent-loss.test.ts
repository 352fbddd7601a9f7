import { describe, expect, it } from "vitest";
import { observablesOfPattern } from "../../src/ioc/pattern-observables/index.js";
import { extractPattern } from "./extract-helper.js";

// Issue 19, items 6–8: no value of a pattern is dropped without a word, and extraction is linear in its size.

const hex = (seed: number, length: number) =>
  Array.from({ length }, (_, i) => "0123456789abcdef"[(seed * 7 + i * 13 + (seed >> 3)) % 16]).join("");

describe("no silent loss", () => {
  it("a hash algorithm pinned to two values gives both files, flagged non-atomic (item 6)", () => {
    const [a, b] = [hex(1, 64), hex(2, 64)];
    const result = extractPattern(`[file:hashes.'SHA-256' = '${a}' AND file:hashes.'SHA-256' = '${b}']`);
    expect(result.iocs).toEqual([`file:${a}`, `file:${b}`]);
    expect(result.nonAtomic).toBe(1);
    expect(result.problems).toEqual([]);
    expect(result.warnings.join("\n")).toMatch(
      /REPEATED_PROPERTY: file:hashes.SHA-256 is pinned to several values/,
    );
  });

  it("spellings of one algorithm are one property: sha256 and 'SHA-256' with different values give two files", () => {
    const [a, b] = [hex(3, 64), hex(4, 64)];
    const result = extractPattern(`[file:hashes.sha256 = '${a}' AND file:hashes.'SHA-256' = '${b}']`);
    expect(result.iocs).toEqual([`file:${a}`, `file:${b}`]);
    expect(result.nonAtomic).toBe(1);
  });

  it("file:name repeated, with a hash shared by both: two files, each with the hash's pin (item 6)", () => {
    const md5 = hex(5, 32);
    const result = observablesOfPattern(
      `[file:name = 'a.exe' AND file:name = 'b.exe' AND file:hashes.MD5 = '${md5}']`,
    );
    expect(result.observables.map((o) => [o.value, o.file_name])).toEqual([
      [md5, "a.exe"],
      [md5, "b.exe"],
    ]);
    const names = extractPattern("[file:name = 'a.exe' AND file:name = 'b.exe']");
    expect(names.iocs).toEqual(["file:a.exe", "file:b.exe"]);
    expect(names.nonAtomic).toBe(1);
  });

  it("13 ANDed registry keys give 13 IOCs (the corpus pattern that gave 1, item 6)", () => {
    const keys = Array.from({ length: 13 }, (_, i) => `HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Vendor${i}`);
    const result = extractPattern(`[${keys.map((k) => `windows-registry-key:key = '${k}'`).join(" AND ")}]`);
    expect(result.iocs).toHaveLength(13);
    expect(result.iocs[12]).toBe("registry-key:HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor12");
    expect(result.nonAtomic).toBe(1);
  });

  it("every type keeps every value of a repeated property the same way", () => {
    for (const [pattern, iocs] of [
      [
        "[ipv4-addr:value = '198.51.100.1' AND ipv4-addr:value = '198.51.100.2']",
        ["ipv4:198.51.100.1", "ipv4:198.51.100.2"],
      ],
      ["[mutex:name = 'm1' AND mutex:name = 'm2']", ["mutex:m1", "mutex:m2"]],
      ["[process:name = 'a.exe' AND process:name = 'b.exe']", ["process:a.exe", "process:b.exe"]],
      ["[directory:path = 'C:\\\\a' AND directory:path = 'C:\\\\b']", ["directory:C:\\a", "directory:C:\\b"]],
      [
        "[user-account:account_login = 'u1' AND user-account:account_login = 'u2']",
        ["user-account:u1", "user-account:u2"],
      ],
    ] as Array<[string, string[]]>) {
      const result = extractPattern(pattern);
      expect(result.iocs, pattern).toEqual(iocs);
      expect(result.nonAtomic, pattern).toBe(1);
    }
    // The same value twice is one pin, not a repeat; list steps hold several values by design.
    expect(extractPattern("[mutex:name = 'm' AND mutex:name = 'm']").nonAtomic).toBe(0);
    expect(
      extractPattern(
        "[email-message:to_refs[*].value = 'a@x.example' AND email-message:to_refs[*].value = 'b@x.example']",
      ).nonAtomic,
    ).toBe(0);
  });

  it("one hash ANDed with ORed names keeps every name (a corpus pattern lost all but one)", () => {
    const md5 = hex(6, 32);
    const result = observablesOfPattern(
      `[file:hashes.MD5 = '${md5}' AND (file:name = 'setup.dll' OR file:name = 'spool.exe')]`,
    );
    expect(result.observables.map((o) => o.file_name)).toEqual(["setup.dll", "spool.exe"]);
  });

  it("over the expansion limit: PATTERN_TOO_COMPLEX, and every value still an IOC (item 7)", () => {
    const md5s = Array.from({ length: 65 }, (_, i) => hex(100 + i, 32));
    const names = Array.from({ length: 65 }, (_, i) => `n${i}.exe`);
    const pattern = `[(${md5s.map((m) => `file:hashes.MD5 = '${m}'`).join(" OR ")}) AND (${names
      .map((n) => `file:name = '${n}'`)
      .join(" OR ")})]`;
    const result = extractPattern(pattern);
    expect(result.problems).toEqual([
      expect.stringMatching(/^PATTERN_TOO_COMPLEX: .*more than 4096 combinations/),
    ]);
    expect(new Set(result.iocs)).toEqual(
      new Set([...md5s.map((m) => `file:${m}`), ...names.map((n) => `file:${n}`)]),
    );
    expect(result.nonAtomic).toBe(1);
  });

  it("100,000 ANDed comparisons in one observation give the IOCs 100,000 ORed ones do (item 8; timing in pnpm bench)", () => {
    const comparisons = Array.from(
      { length: 100_000 },
      (_, i) => `ipv4-addr:value = '10.${i >> 16}.${(i >> 8) & 255}.${i & 255}'`,
    );
    const anded = observablesOfPattern(`[${comparisons.join(" AND ")}]`);
    const ored = observablesOfPattern(`[${comparisons.join(" OR ")}]`);
    expect(anded.observables).toHaveLength(100_000);
    expect(anded.observables).toEqual(ored.observables);
  }, 120_000);
});
