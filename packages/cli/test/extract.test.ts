import { readFile } from "node:fs/promises";
import { PassThrough, Readable } from "node:stream";
import { DEMO_FEED_EXPECTED_PATH, DEMO_FEED_PATH } from "@taxiway/testkit/fixtures";
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
      { ok: true, iocs: [{ type: "ipv4", value: "1.2.3.4" }], non_atomic: 0 },
      { ok: true, iocs: [], non_atomic: 1 },
      { ok: false, error: expect.stringMatching(/expected a literal/), offset: 19 },
    ]);
  });

  it("--bundle extracts every object of a bundle file (the demo feed's expected count)", async () => {
    const expected = JSON.parse(await readFile(DEMO_FEED_EXPECTED_PATH, "utf8"));
    const { code, out, err } = await run(["extract", "--bundle", DEMO_FEED_PATH, "--json"]);
    expect(code).toBe(0);
    expect(out.trim().split("\n")).toHaveLength(expected.iocs);
    expect(err).toMatch(new RegExp(`${expected.objects} objects, ${expected.iocs} IOCs`));
  });
});
