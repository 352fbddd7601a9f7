import { spawn } from "node:child_process";
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Fault, startTaxiiServer, type TaxiiServer } from "@taxiway/testkit/fixtures";
import { afterEach, describe, expect, it } from "vitest";
import { ipv4Indicators } from "../support/objects.js";
import { freePort } from "../support/ports.js";
import { BIN, taxiway } from "./binary.js";

const TOKEN = "contract-bearer-token-5f1e2d3c";
const ONE_LINE = /^taxiway: [A-Z][A-Z0-9_]+: \S.*$/;
const STACK = /^\s+at .+[:(]\d+/m;

let server: TaxiiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(fault?: (n: number, query: URLSearchParams) => Fault | undefined): Promise<TaxiiServer> {
  server = await startTaxiiServer({
    collections: [{ id: "c1", title: "Indicators", alias: "iocs", objects: ipv4Indicators(120) }],
    auth: { type: "bearer", token: TOKEN },
    maxPageSize: 40,
    fault: fault && ((n, request) => fault(n, request.query)),
  });
  return server;
}

interface JobParts {
  url: string;
  token?: string;
  sinks?: string;
  source?: string;
  delivery?: string;
}

async function job(parts: JobParts): Promise<{ dir: string; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), "taxiway-contract-"));
  const path = join(dir, "job.yaml");
  await writeFile(
    path,
    [
      "name: contract",
      "source:",
      "  type: taxii",
      `  url: ${parts.url}`,
      "  collection: iocs",
      "  page_size: 40",
      `  auth: { type: bearer, token: "${parts.token ?? TOKEN}" }`,
      parts.source ?? "  retries: 0",
      "checkpoint: { path: ./state/contract.json }",
      parts.delivery ?? "delivery: { retries: 0 }",
      "sinks:",
      parts.sinks ?? "  - { type: csv, path: ./out/contract.csv }",
      "",
    ].join("\n"),
  );
  return { dir, path };
}

/** Lock files and temp files of the checkpoint store left in state/. */
async function leftovers(dir: string): Promise<string[]> {
  const names = await readdir(join(dir, "state")).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith(".lock") || name.includes(".tmp"));
}

function expectContract(
  result: { code: number | null; stdout: string; stderr: string },
  exit: number,
  code: RegExp,
) {
  expect(result.code, result.stderr).toBe(exit);
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines.at(-1)).toMatch(ONE_LINE);
  expect(lines.at(-1)).toMatch(code);
  expect(result.stderr).not.toMatch(STACK);
  const report = JSON.parse(result.stdout.trim().split("\n").at(-1) as string) as Record<string, unknown>;
  expect(report).toMatchObject({ status: "failed", exit_code: exit });
  expect(String(report.code)).toMatch(code);
  expect(typeof report.message).toBe("string");
  expect(`${result.stdout}${result.stderr}`).not.toContain(TOKEN);
}

describe("one failure contract for every command: a table of faults", () => {
  it("bad credentials: exit 2, TAXII_HTTP_401, one line, one JSON object", async () => {
    const fixture = await serve();
    const { dir, path } = await job({ url: fixture.url, token: "wrong-token" });
    const result = await taxiway(["run", path, "--json"]);
    expectContract(result, 2, /TAXII_HTTP_401/);
    expect(await leftovers(dir)).toEqual([]);
  });

  it("server unreachable: exit 1, a network code, no lock left", async () => {
    const { dir, path } = await job({ url: `http://127.0.0.1:${await freePort()}/taxii2/` });
    const result = await taxiway(["run", path, "--json"]);
    expectContract(result, 1, /NETWORK|CONNECT/);
    expect(await leftovers(dir)).toEqual([]);
  });

  it("a missing environment variable in the job file: exit 2 and the JSON failure object even before polling", async () => {
    const { path } = await job({
      url: "http://127.0.0.1:9/taxii2/",
      token: ["$", "{env:TAXIWAY_UNSET_TOKEN_FOR_TEST}"].join(""),
    });
    const result = await taxiway(["run", path, "--json"]);
    expectContract(result, 2, /CONFIG/);
    expect(result.stderr).toContain("TAXIWAY_UNSET_TOKEN_FOR_TEST");
  });

  it("validate --json of an invalid job: the same failure object, with the file (found by a fresh-eyes session)", async () => {
    const { path } = await job({
      url: "http://127.0.0.1:9/taxii2/",
      token: ["$", "{env:TAXIWAY_UNSET_TOKEN_FOR_TEST}"].join(""),
    });
    const result = await taxiway(["validate", path, "--json"]);
    expectContract(result, 2, /CONFIG/);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ file: path, status: "failed" });
  });

  it("a protocol error on the next-token path (page 2 is not JSON): exit 1 with the summary, never a crash", async () => {
    for (let attempt = 0; attempt < 4; attempt++) {
      const fixture = await serve((_n, query) =>
        query.has("next")
          ? { status: 200, body: "<html>login</html>", headers: { "content-type": "text/html" } }
          : undefined,
      );
      const { dir, path } = await job({ url: fixture.url });
      const result = await taxiway(["run", path, "--json"]);
      expectContract(result, 1, /TAXII|PROTOCOL|HTTP/);
      const report = JSON.parse(result.stdout.trim().split("\n").at(-1) as string) as {
        summary?: { pages: number };
      };
      expect(report.summary?.pages).toBe(1);
      expect(await leftovers(dir)).toEqual([]);
      await server?.close();
      server = undefined;
    }
  });

  it("sink down (Splunk HEC refused): exit 1, the sink's code, checkpoint not moved", async () => {
    const fixture = await serve();
    const { dir, path } = await job({
      url: fixture.url,
      sinks: `  - { type: splunk-hec, url: "http://127.0.0.1:${await freePort()}", token: hec-token-abc }`,
    });
    const result = await taxiway(["run", path, "--json"]);
    expectContract(result, 1, /SINK|NETWORK|HEC|DELIVERY/);
    expect(await leftovers(dir)).toEqual([]);
    const state = await taxiway(["state", path, "show", "--json"]);
    expect(JSON.parse(state.stdout)?.collections?.iocs?.added_after).toBeUndefined();
  });

  it("an unknown flag and a wrong --log-level are usage errors (64), with the nearest flag suggested", async () => {
    const { path } = await job({ url: "http://127.0.0.1:9/taxii2/" });
    const loud = await taxiway(["run", path, "--log-level", "loud", "--json"]);
    expectContract(loud, 64, /USAGE/);
    const typo = await taxiway(["run", path, "--dryrun"]);
    expect(typo.code).toBe(64);
    expect(typo.stderr).toMatch(/did you mean --dry-run\?/);
    const secret = await taxiway(["discover", "http://127.0.0.1:9/", "--password", "hunter2"]);
    expect(secret.code).toBe(64);
    expect(secret.stderr).toMatch(/--password-env/);
  });
});

/** Starts `taxiway run`, sends SIGTERM once stderr shows `ready` (or it resolves), and resolves with how it ended. */
function runAndSignal(
  args: string[],
  ready: RegExp | Promise<void>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let signalled = false;
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    if (ready instanceof Promise)
      void ready.then(() => {
        signalled = true;
        child.kill("SIGTERM");
      });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      if (!signalled && ready instanceof RegExp && ready.test(stderr)) {
        signalled = true;
        child.kill("SIGTERM");
      }
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("SIGTERM in every wait state exits 0 with the checkpoint at the last committed page", () => {
  it("waiting on source.rate_limit", async () => {
    let firstRequest: () => void = () => undefined;
    const served = new Promise<void>((resolve) => {
      firstRequest = resolve;
    });
    // One request per 10 minutes: after the first, every request waits on the limiter.
    const fixture = await serve(() => {
      firstRequest();
      return undefined;
    });
    const { dir, path } = await job({ url: fixture.url, source: "  rate_limit: { requests: 1, per: 10m }" });
    const result = await runAndSignal(["run", path, "--log-format", "json"], served);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/stopped by signal/);
    expect(result.stderr).not.toMatch(STACK);
    expect(await leftovers(dir)).toEqual([]);
  });

  it("waiting in a retry backoff of the source", async () => {
    const fixture = await serve((_n, query) =>
      query.has("next") ? { status: 503, headers: { "retry-after": "600" } } : undefined,
    );
    const { dir, path } = await job({ url: fixture.url, source: "  retries: 5" });
    const result = await runAndSignal(["run", path, "--log-format", "json"], /retrying/);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(STACK);
    expect(await leftovers(dir)).toEqual([]);
  });

  it("waiting on a sink write that keeps failing", async () => {
    const fixture = await serve();
    const { dir, path } = await job({
      url: fixture.url,
      delivery: "delivery: { retries: 8 }",
      sinks: `  - { type: splunk-hec, url: "http://127.0.0.1:${await freePort()}", token: hec-token-abc }`,
    });
    const result = await runAndSignal(["run", path, "--log-format", "json"], /retry|retrying/i);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(STACK);
    expect(await leftovers(dir)).toEqual([]);
  });
});
