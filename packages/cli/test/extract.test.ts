import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { DEMO_FEED_EXPECTED_PATH, DEMO_FEED_PATH } from "@taxiway/testkit/fixtures";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CommandIo } from "../src/command.js";
import { main } from "../src/main.js";

async function run(argv: string[], stdin = "") {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => {
    out += chunk;
  });
  stderr.on("data", (chunk) => {
    err += chunk;
  });
  const io: CommandIo = { stdout, stderr, stdin: Readable.from([stdin]), env: {}, cwd: process.cwd() };
  const code = await main(argv, io);
  return { code, out, err };
}

describe("taxiway extract", () => {
  it("shows the IOCs of one pattern; exit 1 when it is invalid", async () => {
    const ok = await run([
      "extract",
      "[ipv4-addr:value = '198.51.100.1' OR domain-name:value = 'EVIL.example']",
    ]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^ipv4\s+198\.51\.100\.1\ndomain\s+evil\.example\n$/);
    const bad = await run(["extract", "[ipv4-addr:value = ]"]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/PATTERN_SYNTAX: expected a literal .* at offset 19/);
  });

  it("--stdin answers one JSON line per input line, in order", async () => {
    const { code, out } = await run(
      ["extract", "--stdin"],
      "[ipv4-addr:value = '1.2.3.4']\n[url:value LIKE 'x%']\n[ipv4-addr:value = \n",
    );
    expect(code).toBe(0);
    expect(
      out
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line)),
    ).toEqual([
      {
        ok: true,
        iocs: [{ type: "ipv4", value: "1.2.3.4" }],
        non_atomic: 0,
        non_standard: 0,
        problems: [],
        warnings: [],
      },
      { ok: true, iocs: [], non_atomic: 1, non_standard: 0, problems: [], warnings: [] },
      { ok: false, error: expect.stringMatching(/expected a literal/), offset: 19 },
    ]);
  });

  // Issue 24 follow-up: a blank line piped in was answered with {"problems":[{"code":"MISSING_PATTERN","message":"the
  // indicator has no pattern"}]}, a problem about an indicator nobody sent. Blank and whitespace-only lines (spaces,
  // tabs, a CR of CR LF endings, Unicode spaces) are skipped, as grep and jq skip them; every other line is answered.
  it("--stdin skips blank and whitespace-only lines: no MISSING_PATTERN line for them", async () => {
    const { code, out } = await run(
      ["extract", "--stdin"],
      "\n[ipv4-addr:value = '1.2.3.4']\n\n   \n\t\r\n[domain-name:value = 'a.example']\r\n\u00a0\n\n",
    );
    expect(code).toBe(0);
    expect(out).not.toContain("MISSING_PATTERN");
    expect(out.split("\n").map((line) => (line ? JSON.parse(line).iocs : line))).toEqual([
      [{ type: "ipv4", value: "1.2.3.4" }],
      [{ type: "domain", value: "a.example" }],
      "",
    ]);
  });

  it("--stdin answers the non-blank lines exactly as it answers them without the blank ones around", async () => {
    const pattern = fc.constantFrom(
      "[ipv4-addr:value = '198.51.100.7']",
      "[url:value LIKE 'x%']",
      "[ipv4-addr:value = ",
      "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']",
      "not a pattern",
    );
    const blank = fc.constantFrom("", " ", "\t", "  \t ", "\u00a0", "\u2003");
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(pattern, blank), { maxLength: 12 }),
        fc.constantFrom("\n", "\r\n"),
        async (lines, eol) => {
          const withBlanks = await run(["extract", "--stdin"], lines.map((l) => l + eol).join(""));
          const patterns = lines.filter((line) => line.trim() !== "");
          const without = await run(["extract", "--stdin"], patterns.map((l) => l + eol).join(""));
          expect(withBlanks.out).toBe(without.out);
          expect(withBlanks.out.split("\n").length - 1).toBe(patterns.length);
        },
      ),
      { seed: 24, numRuns: 100 },
    );
  });

  it("--bundle extracts every object of a bundle file (the demo feed's expected count)", async () => {
    const expected = JSON.parse(await readFile(DEMO_FEED_EXPECTED_PATH, "utf8"));
    const { code, out, err } = await run(["extract", "--bundle", DEMO_FEED_PATH, "--json"]);
    expect(code).toBe(0);
    const lines = out
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.filter((line) => line.kind === undefined)).toHaveLength(expected.iocs);
    expect(err).toMatch(new RegExp(`${expected.objects} objects, ${expected.iocs} IOCs`));
  });

  it("--bundle --json gives each object's problems and warnings as JSON lines (issue 19, item 10)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-extract-"));
    const bundle = join(dir, "bundle.json");
    const indicator = (id: string, pattern: string) => ({
      type: "indicator",
      spec_version: "2.1",
      id,
      created: "2026-01-01T00:00:00.000Z",
      modified: "2026-01-01T00:00:00.000Z",
      pattern,
      pattern_type: "stix",
      valid_from: "2026-01-01T00:00:00.000Z",
    });
    await writeFile(
      bundle,
      JSON.stringify({
        type: "bundle",
        id: "bundle--6f1a8e38-53b8-4dbd-8d2b-6a6b0b0b2a11",
        objects: [
          indicator(
            "indicator--00000000-0000-4000-8000-000000000001",
            "[domain-name:value = 'bad name.example' OR ipv4-addr:value = '203.0.113.9' OR x-acme:k = 'v']",
          ),
          indicator("indicator--00000000-0000-4000-8000-000000000002", "[ipv4-addr:value = ]"),
        ],
      }),
    );
    const { code, out } = await run(["extract", "--bundle", bundle, "--json"]);
    expect(code).toBe(0);
    const lines = out
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.filter((line) => line.kind === undefined).map((line) => line.value)).toEqual([
      "203.0.113.9",
    ]);
    expect(lines.filter((line) => line.kind !== undefined)).toEqual([
      {
        kind: "problem",
        stix_id: "indicator--00000000-0000-4000-8000-000000000001",
        stix_type: "indicator",
        code: "INVALID_VALUE",
        message: "'bad name.example' is not a domain name",
      },
      {
        kind: "warning",
        stix_id: "indicator--00000000-0000-4000-8000-000000000001",
        stix_type: "indicator",
        code: "NON_STANDARD_PATH",
        message: "custom object type 'x-acme': no IOC",
      },
      {
        kind: "problem",
        stix_id: "indicator--00000000-0000-4000-8000-000000000002",
        stix_type: "indicator",
        code: "PATTERN_SYNTAX",
        message: expect.stringMatching(/expected a literal/),
        offset: 19,
      },
    ]);
  });

  it("one pattern: a failed comparison is shown with the IOCs of its siblings (issue 19, item 3)", async () => {
    const { code, out } = await run([
      "extract",
      "--json",
      "[domain-name:value = 'bad name.example' OR ipv4-addr:value = '203.0.113.9']",
    ]);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({
      ok: true,
      iocs: [{ type: "ipv4", value: "203.0.113.9" }],
      problems: [{ code: "INVALID_VALUE", message: "'bad name.example' is not a domain name" }],
    });
  });
});
