import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startTaxiiServer, type TaxiiServer } from "@taxiway/testkit/fixtures";
import { afterEach, describe, expect, it } from "vitest";
import { ipv4Indicators } from "../support/objects.js";
import { BIN, taxiway } from "./binary.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
let server: TaxiiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function csvJob(url: string, csvPath = "./out/job.csv"): Promise<{ dir: string; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), "taxiway-flags-"));
  const path = join(dir, "job.yaml");
  await writeFile(
    path,
    `name: flags\nsource:\n  type: taxii\n  url: ${url}\n  collection: iocs\n  retries: 0\ncheckpoint: { path: ./state/flags.json }\nsinks:\n  - { type: csv, path: "${csvPath}" }\n`,
  );
  return { dir, path };
}

async function serve(objects = ipv4Indicators(30)): Promise<TaxiiServer> {
  server = await startTaxiiServer({ collections: [{ id: "c1", title: "I", alias: "iocs", objects }] });
  return server;
}

const rows = async (file: string) => (await readFile(file, "utf8")).trimEnd().split("\n").length - 1;

describe("flags that cannot hurt", () => {
  it("--dry-run --reset leaves the checkpoint exactly as it was and writes nothing", async () => {
    const fixture = await serve();
    const { dir, path } = await csvJob(fixture.url);
    expect((await taxiway(["run", path])).code).toBe(0);
    const before = await readFile(join(dir, "state/flags.json"), "utf8");
    const dry = await taxiway(["run", path, "--dry-run", "--reset"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout.split("\n").filter((line) => line.startsWith("{"))).toHaveLength(30);
    expect(await readFile(join(dir, "state/flags.json"), "utf8")).toBe(before);
    expect(await rows(join(dir, "out/job.csv"))).toBe(30);
  });

  it("--reset refuses a job whose CSV sink appends, unless --force; it never duplicates silently", async () => {
    const fixture = await serve();
    const { dir, path } = await csvJob(fixture.url);
    expect((await taxiway(["run", path])).code).toBe(0);
    const before = await readFile(join(dir, "state/flags.json"), "utf8");
    const refused = await taxiway(["run", path, "--reset"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^taxiway: RESET_WOULD_DUPLICATE: .*csv-0.*--force/m);
    expect(await readFile(join(dir, "state/flags.json"), "utf8")).toBe(before);
    expect(await rows(join(dir, "out/job.csv"))).toBe(30);
    const forced = await taxiway(["run", path, "--reset", "--force", "--log-format", "json"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toMatch(/these appending sinks receive every IOC again/);
  });

  it("demo --reset starts the demo over: the CSV holds each IOC once (401 rows, not 802)", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "taxiway-demo-reset-"));
    await cp(join(REPO, "configs"), join(cwd, "configs"), { recursive: true });
    expect((await taxiway(["demo", "--log-level", "warn"], { cwd })).code).toBe(0);
    const again = await taxiway(["demo", "--reset", "--log-level", "warn"], { cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(await rows(join(cwd, "out/demo.csv"))).toBe(401);
  });

  it("a CSV path under /proc fails fast with one clear message (it spun at 100% CPU forever)", async () => {
    const fixture = await serve();
    const { path } = await csvJob(fixture.url, "/proc/taxiway-nope/out.csv");
    const check = await taxiway(["check", path]);
    expect(check.code).toBe(2);
    expect(check.stdout).toMatch(
      /FAIL\s+sink csv-0: csv: cannot write in \/proc\/taxiway-nope: cannot create directory/,
    );
    const run = await taxiway(["run", path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^taxiway: PATH_NOT_CREATABLE: cannot create directory \/proc\/taxiway-nope/m);
  });

  it("state: show is for people (raw under --json); set refuses a collection the job does not have", async () => {
    const fixture = await serve();
    const { path } = await csvJob(fixture.url);
    expect((await taxiway(["run", path])).code).toBe(0);
    const show = await taxiway(["state", path, "show"]);
    expect(show.stdout).toMatch(/COLLECTION\s+CONTINUES AFTER/);
    expect(show.stdout).not.toMatch(/boundary_ids|indicator--/);
    const raw = JSON.parse((await taxiway(["state", path, "show", "--json"])).stdout);
    expect(raw.collections.iocs.added_after).toMatch(/^\d{4}-/);
    const wrong = await taxiway([
      "state",
      path,
      "set",
      "--added-after",
      "2026-01-01T00:00:00.000Z",
      "--collection",
      "nope",
    ]);
    expect(wrong.code).toBe(64);
    expect(wrong.stderr).toMatch(/'nope' is not a collection of job flags; its collections: iocs/);
  });

  it("extract … | head ends quietly (no EPIPE stack trace)", async () => {
    const input = join(await mkdtemp(join(tmpdir(), "taxiway-epipe-")), "patterns.txt");
    await writeFile(
      input,
      `${Array.from({ length: 50_000 }, (_, i) => `[ipv4-addr:value = '10.0.${(i >> 8) & 255}.${i & 255}']`).join("\n")}\n`,
    );
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(
        "bash",
        [
          "-c",
          `"${process.execPath}" "${BIN}" extract --stdin < "${input}" | head -n 1 >/dev/null; echo "\${PIPESTATUS[0]}" >&2`,
        ],
        {
          stdio: ["ignore", "ignore", "pipe"],
        },
      );
      let stderr = "";
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
      });
      child.on("close", (code) => resolve({ code, stderr }));
    });
    expect(result.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(result.stderr.trim()).toBe("0");
  });
});

describe("--watch keeps watching", () => {
  it("a failed poll is logged and retried at the next interval (--interval in plain milliseconds); SIGTERM exits 0", async () => {
    let failing = true;
    server = await startTaxiiServer({
      collections: [{ id: "c1", title: "I", alias: "iocs", objects: ipv4Indicators(10) }],
      fault: () => (failing ? { status: 503 } : undefined),
    });
    const { dir, path } = await csvJob(server.url);
    const child = spawn(
      process.execPath,
      [BIN, "run", path, "--watch", "--interval", "1000", "--log-format", "json"],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    const done = new Promise<number | null>((resolve) => child.on("close", resolve));
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (/sink csv-0\s+10 written/.test(stdout)) child.kill("SIGTERM");
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      if (failing && /poll failed, retrying after the backoff/.test(stderr)) failing = false;
    });
    expect(await done, stderr).toBe(0);
    expect(stderr).toMatch(/^taxiway: TAXII_HTTP_503: /m);
    expect(await rows(join(dir, "out/job.csv"))).toBe(10);
  });
});
