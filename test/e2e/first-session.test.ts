// Regressions found by a new user's first session with the README (clean clone, system PATH, a terminal).
import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startTaxiiServer, type TaxiiServer } from "@taxiway/testkit/fixtures";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ipv4Indicators } from "../support/objects.js";
import { freePort } from "../support/ports.js";
import { BIN, runProcess, taxiway } from "./binary.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
let server: TaxiiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function job(url: string, extra = ""): Promise<{ dir: string; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), "taxiway-first-"));
  const path = join(dir, "job.yaml");
  await writeFile(
    path,
    `name: first\nsource:\n  type: taxii\n  url: ${url}\n  collection: iocs\n  retries: 0\n${extra}sinks:\n  - { type: csv, path: ./out/first.csv }\n`,
  );
  return { dir, path };
}

async function serve(): Promise<TaxiiServer> {
  server = await startTaxiiServer({
    collections: [{ id: "c1", title: "I", alias: "iocs", objects: ipv4Indicators(12) }],
  });
  return server;
}

describe("first session with the README", () => {
  it("/healthz says 503 once a poll failed, even before any poll got a summary (it said 200 while the feed was down)", async () => {
    const listen = `127.0.0.1:${await freePort()}`;
    const { path } = await job(`http://127.0.0.1:${await freePort()}/taxii2/`);
    const child = spawn(
      process.execPath,
      [BIN, "run", path, "--watch", "--interval", "1s", "--listen", listen, "--log-format", "json"],
      {
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    const done = new Promise<number | null>((resolve) => child.on("close", resolve));
    let stderr = "";
    const failedOnce = new Promise<void>((resolve) =>
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
        if (/poll failed, retrying after the backoff/.test(stderr)) resolve();
      }),
    );
    await failedOnce;
    const health = await fetch(`http://${listen}/healthz`);
    const body = (await health.json()) as {
      status: string;
      last_run: { status: string; error: { code: string } };
    };
    child.kill("SIGTERM");
    expect(await done).toBe(0);
    expect(health.status).toBe(503);
    expect(body).toMatchObject({
      status: "failing",
      last_run: { status: "failed", error: { code: expect.stringMatching(/NETWORK/) } },
    });
  });

  it("state JOB reset refuses an appending CSV sink unless --force (run --reset did, state reset did not)", async () => {
    const fixture = await serve();
    const { dir, path } = await job(fixture.url);
    expect((await taxiway(["run", path])).code).toBe(0);
    const refused = await taxiway(["state", path, "reset"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^taxiway: RESET_WOULD_DUPLICATE: /m);
    expect((await taxiway(["run", path])).stdout).toMatch(/nothing new/);
    const forced = await taxiway(["state", path, "reset", "--force"]);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/csv-0 will receive every IOC again/);
    expect((await readFile(join(dir, "out/first.csv"), "utf8")).trim().split("\n")).toHaveLength(13);
  });

  it("--interval 0 and watch.interval 0 are refused (they polled without pause); a negative one gets a clear message", async () => {
    const fixture = await serve();
    const { path } = await job(fixture.url);
    const zero = await taxiway(["run", path, "--watch", "--interval", "0"]);
    expect(zero.code).toBe(64);
    expect(zero.stderr).toMatch(/^taxiway: USAGE: --interval 0 is below 1s/m);
    const inYaml = await job(fixture.url, "watch: { interval: 0 }\n");
    const fromYaml = await taxiway(["run", inYaml.path, "--watch"]);
    expect(fromYaml.code).toBe(2);
    expect(fromYaml.stderr).toMatch(/^taxiway: CONFIG_INVALID: watch\.interval 0 is below 1s/m);
    expect((await taxiway(["run", inYaml.path, "--interval", "5s"])).code).toBe(64);
    const negative = await taxiway(["run", path, "--watch", "--interval", "-5s"]);
    expect(negative.code).toBe(64);
    expect(negative.stderr).toMatch(/cannot be negative/);
  });

  it("doctor's suggested settings paste into a job file as valid YAML (version 2.1 read as a number before)", async () => {
    const fixture = await serve();
    const result = await taxiway(["doctor", fixture.url, "--collection", "iocs"]);
    const snippet = result.stdout.slice(result.stdout.indexOf("source:"));
    const parsed = parse(snippet) as { source: Record<string, unknown> };
    expect(parsed.source).toMatchObject({ type: "taxii", version: "2.1", collection: "iocs" });
    const dir = await mkdtemp(join(tmpdir(), "taxiway-doctor-"));
    await writeFile(
      join(dir, "job.yaml"),
      `name: pasted\n${snippet}sinks:\n  - { type: csv, path: ./o.csv }\n`,
    );
    const valid = await taxiway(["validate", join(dir, "job.yaml")]);
    expect(valid.code, valid.stderr).toBe(0);
  });

  it("validate takes --json (one object per file) and refuses unknown flags as usage errors", async () => {
    const { path } = await job("ftp://nope/");
    const json = await taxiway(["validate", path, "--json"]);
    expect(json.code).toBe(2);
    const verdict = JSON.parse(json.stdout.trim());
    expect(verdict).toMatchObject({
      file: path,
      status: "failed",
      code: "CONFIG_INVALID",
      exit_code: 2,
    });
    expect(json.stderr).not.toMatch(/CONFIG_NOT_FOUND/);
    expect((await taxiway(["validate", "--bogus", path])).code).toBe(64);
  });

  it("run --dry-run keeps stdout to NDJSON records (the summary table goes to stderr), so it pipes into jq", async () => {
    const fixture = await serve();
    const { path } = await job(fixture.url);
    const dry = await taxiway(["run", path, "--dry-run"]);
    expect(dry.code).toBe(0);
    const lines = dry.stdout.trim().split("\n");
    expect(lines).toHaveLength(12);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(dry.stderr).toMatch(/dry run: nothing written/);
  });

  it("check --json on failure carries the documented code and message", async () => {
    const { path } = await job(`http://127.0.0.1:${await freePort()}/taxii2/`);
    const result = await taxiway(["check", path, "--json"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: "failed",
      code: "CHECK_FAILED",
      exit_code: 1,
      message: expect.any(String),
    });
  });

  it("state show reads the checkpoint without the job's secrets in the environment", async () => {
    const fixture = await serve();
    const { path } = await job(fixture.url);
    expect((await taxiway(["run", path])).code).toBe(0);
    const text = (await readFile(path, "utf8")).replace(
      "  retries: 0\n",
      '  retries: 0\n  auth: { type: bearer, token: "$' + '{env:FIRST_SESSION_TOKEN}" }\n',
    );
    await writeFile(path, text);
    const show = await taxiway(["state", path, "show"]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/CONTINUES AFTER/);
  });

  it("./pnpmw exec taxiway resolves job paths from where it is called, not from the checkout", async () => {
    const fixture = await serve();
    const { dir } = await job(fixture.url);
    const result = await runProcess(join(REPO, "pnpmw"), ["exec", "taxiway", "validate", "job.yaml"], {
      cwd: dir,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/job\.yaml: ok \(job first, 1 sink\)/);
  });

  it("demo --serve keeps the demo feed up for jobs of your own, with a bearer token if asked, and stops on SIGTERM", async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [BIN, "demo", "--serve", "--port", String(port), "--token-env", "DEMO_TOKEN"],
      {
        env: { ...process.env, DEMO_TOKEN: "demo-token-123" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const done = new Promise<number | null>((resolve) => child.on("close", resolve));
    await new Promise<void>((resolve) =>
      child.stdout.on("data", (chunk) => /stops it/.test(String(chunk)) && resolve()),
    );
    const url = `http://127.0.0.1:${port}/taxii2/`;
    const denied = await job(url);
    expect((await taxiway(["check", denied.path])).code).toBe(2);
    child.kill("SIGTERM");
    expect(await done).toBe(0);
  });

  it("as cron runs it: a bare environment (env -i, PATH=/usr/bin:/bin, HOME), no terminal, cwd /, an absolute job path", async () => {
    const fixture = await serve();
    const { dir, path } = await job(fixture.url);
    const result = await runProcess(
      "/usr/bin/env",
      [
        "-i",
        "PATH=/usr/bin:/bin",
        `HOME=${process.env.HOME}`,
        join(REPO, "pnpmw"),
        "exec",
        "taxiway",
        "run",
        path,
      ],
      { cwd: "/" },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/sink csv-0\s+12 written/);
    for (const line of result.stderr
      .trim()
      .split("\n")
      .filter((l) => l.startsWith("{")))
      expect(() => JSON.parse(line)).not.toThrow();
    expect((await readFile(join(dir, "out/first.csv"), "utf8")).trim().split("\n")).toHaveLength(13);
  });

  it("extract ends a bad pattern or an unreadable bundle with the one-line contract, and hints at single quotes", async () => {
    const bad = await taxiway(["extract", '[ipv4-addr:value = "1.2.3.4"]']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toMatch(
      /^taxiway: PATTERN_SYNTAX: .*\(STIX strings are in single quotes: 'value'\)$/,
    );
    const missing = await taxiway(["extract", "--bundle", "/nonexistent/bundle.json"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(
      /^taxiway: BUNDLE_UNREADABLE: cannot read the bundle \/nonexistent\/bundle\.json/,
    );
    expect((await taxiway(["extract", "--bogus"])).code).toBe(64);
  });

  it("a run that keeps failing on its sink does not append the same dead letters at every run", async () => {
    server = await startTaxiiServer({
      collections: [
        {
          id: "c1",
          title: "I",
          alias: "iocs",
          objects: [
            ...ipv4Indicators(5),
            { type: "indicator", id: "indicator--bad", pattern: "[broken" } as never,
          ],
        },
      ],
    });
    const dir = await mkdtemp(join(tmpdir(), "taxiway-dead-"));
    const path = join(dir, "job.yaml");
    await writeFile(
      path,
      `name: dead\nsource:\n  type: taxii\n  url: ${server.url}\n  collection: iocs\n  retries: 0\ndelivery: { retries: 0 }\nsinks:\n  - { type: splunk-hec, url: "http://127.0.0.1:${await freePort()}", token: hec-token-abc }\n`,
    );
    for (let run = 0; run < 3; run++) expect((await taxiway(["run", path])).code).toBe(1);
    const lines = await readFile(join(dir, "state/dead.dead-letter.ndjson"), "utf8").catch(() => "");
    expect(lines.trim() === "" ? 0 : lines.trim().split("\n").length).toBe(0);
  });
});
