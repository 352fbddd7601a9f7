import { cp, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startTaxiiServer, type TaxiiServer } from "@taxiway/testkit/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ipv4Indicators } from "../support/objects.js";
import { taxiway } from "./binary.js";
import { hasColor, inTerminal, plain } from "./terminal.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const NO_CRASH = /stream\.on is not a function|\n\s+at .+:\d+:\d+/;

let server: TaxiiServer;
let dir: string;
beforeAll(async () => {
  server = await startTaxiiServer({
    collections: [{ id: "c1", title: "Indicators", alias: "iocs", objects: ipv4Indicators(250) }],
    maxPageSize: 50,
  });
  dir = await mkdtemp(join(tmpdir(), "taxiway-tty-"));
  await writeFile(
    join(dir, "job.yaml"),
    `name: tty\nsource:\n  type: taxii\n  url: ${server.url}\n  collection: iocs\n  page_size: 50\nsinks:\n  - type: csv\n    path: ./out/tty.csv\n`,
  );
});
afterAll(async () => {
  await server.close();
});

/**
 * Every segment the terminal draws between two line clears holds either the progress line or a log record, never
 * both: a record that lands on the progress line reads as garbage.
 */
function sharedLines(screen: string): string[] {
  return plain(screen)
    .split(/\r?\n/)
    .flatMap((line) => line.split("\r\x1b[K"))
    .filter((segment) => /dead-lettered \d+/.test(segment) && /(INFO|DEBUG|WARN|"level")/.test(segment));
}

describe("every command in a real terminal (pseudo-terminal)", () => {
  it("taxiway demo exits 0 and prints the summary, with pretty coloured logs", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "taxiway-tty-demo-"));
    await cp(join(REPO, "configs"), join(cwd, "configs"), { recursive: true });
    const run = await inTerminal(["demo"], { cwd, env: { NO_COLOR: "" } });
    expect(run.code, run.screen).toBe(0);
    expect(run.screen).not.toMatch(NO_CRASH);
    expect(plain(run.screen)).toMatch(/result\s+ok/);
    expect(plain(run.screen)).toMatch(/sink demo-csv\s+401 written/);
    expect(plain(run.screen)).toMatch(/INFO.*polling/);
    expect(hasColor(run.screen)).toBe(true);
  });

  it("run: the progress line and log records never share a line, and plurals read right", async () => {
    const run = await inTerminal(["run", "job.yaml", "--log-level", "debug"], { cwd: dir });
    expect(run.code, run.screen).toBe(0);
    expect(run.screen).not.toMatch(NO_CRASH);
    expect(plain(run.screen)).toMatch(/5 pages · 250 objects/);
    expect(plain(run.screen)).toMatch(/1 page · 50 objects/);
    expect(sharedLines(run.screen)).toEqual([]);
  });

  it("NO_COLOR turns colours off on a terminal", async () => {
    const run = await inTerminal(["run", "job.yaml"], { cwd: dir, env: { NO_COLOR: "1" } });
    expect(run.code, run.screen).toBe(0);
    expect(hasColor(run.screen)).toBe(false);
    expect(run.screen).toMatch(/INFO/);
  });

  it.each([
    ["check", ["check", "job.yaml"], 0, /ok\s+source/],
    ["doctor", ["doctor", "job.yaml"], undefined, /suggested job settings/],
    ["discover", ["discover", "URL"], 0, /c1\s+iocs\s+Indicators/],
    ["validate", ["validate", "job.yaml"], 0, /ok \(job tty, 1 sink\)/],
    ["extract", ["extract", "[ipv4-addr:value = '203.0.113.9']"], 0, /ipv4\s+203\.0\.113\.9/],
    ["run --log-format pretty", ["run", "job.yaml", "--log-format", "pretty"], 0, /result/],
  ])("%s works in a terminal", async (_name, args, code, expected) => {
    const run = await inTerminal(
      args.map((arg) => (arg === "URL" ? server.url : arg)),
      { cwd: dir },
    );
    if (code !== undefined) expect(run.code, run.screen).toBe(code);
    expect(run.screen).not.toMatch(NO_CRASH);
    expect(plain(run.screen)).toMatch(expected);
  });
});

describe("pretty logs off a terminal (cron, a log file)", () => {
  it("--log-format pretty through a pipe works and has no colour codes", async () => {
    const result = await taxiway(["run", "job.yaml", "--log-format", "pretty"], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/INFO.*polling/);
    expect(hasColor(result.stderr)).toBe(false);
  });
});
