import { cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_FEED_EXPECTED_PATH } from "@taxiway/testkit/fixtures";
import { describe, expect, it } from "vitest";
import { taxiway } from "./binary.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

describe("taxiway demo (the README's first command)", () => {
  it("writes one CSV row per delivered IOC, and a second run fetches nothing new", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "taxiway-demo-"));
    await cp(join(REPO, "configs"), join(cwd, "configs"), { recursive: true });
    const first = await taxiway(["demo", "--json", "--log-level", "warn"], { cwd });
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout);
    const rows = (await readFile(join(cwd, "out/demo.csv"), "utf8")).trimEnd().split(/\r?\n/);
    expect(rows[0]).toBe("type,value,action,stix_id,name,confidence,tlp,valid_from,valid_until,labels");
    const expected = JSON.parse(await readFile(DEMO_FEED_EXPECTED_PATH, "utf8"));
    expect(rows.length - 1).toBe(summary.iocs);
    expect(summary.iocs).toBe(expected.iocs);
    expect(summary.iocs_by_type).toEqual(expected.byType);
    expect(summary.non_atomic).toBe(expected.nonAtomic);
    expect(summary.deletions).toBe(expected.deletes + expected.expired);
    expect(summary.dead_lettered.decode + summary.dead_lettered.extract).toBe(expected.deadLetter);
    expect(new Set(rows.slice(1)).size).toBe(rows.length - 1);

    const second = await taxiway(["demo", "--log-level", "warn"], { cwd });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/nothing new since the last checkpoint/);
    const after = (await readFile(join(cwd, "out/demo.csv"), "utf8")).trimEnd().split(/\r?\n/);
    expect(after).toHaveLength(rows.length);
  });

  it("answers --version and lists working commands in --help", async () => {
    const version = await taxiway(["--version"]);
    expect(version.stdout).toMatch(/^taxiway \d+\.\d+\.\d+ \(core \d+\.\d+\.\d+, node \d+/);
    const help = await taxiway(["--help"]);
    for (const command of ["run", "validate", "check", "state", "schema", "demo"])
      expect(help.stdout).toContain(`  ${command} `);
  });
});
