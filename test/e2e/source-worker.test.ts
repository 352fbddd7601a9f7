import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { generatedIndicators, startTaxiiServer, type TaxiiServer } from "@taxiway/testkit/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, taxiway } from "./binary.js";

// Issue 24, "Use both cores": the bundled source runs in a worker thread (delivery.worker). The worker and the main
// thread must give the same result on the same feed, and the worker must keep every guarantee of the main thread:
// stop on SIGTERM with the page committed, typed errors with their exit codes, one line on stderr.

const TLP_AMBER = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
let server: TaxiiServer;
let guarded: TaxiiServer;

/** Good indicators, TLP-marked and revoked ones, and objects the pipeline must dead-letter or warn about. */
function mixedFeed() {
  const objects: Record<string, unknown>[] = generatedIndicators(3000, 11).map((object, index) =>
    index % 7 === 0
      ? { ...object, object_marking_refs: [TLP_AMBER], labels: ["malicious-activity"], confidence: 80 }
      : index % 11 === 0
        ? { ...object, revoked: true }
        : { ...object },
  );
  const base = objects[0] as Record<string, unknown>;
  objects.splice(500, 0, { ...base, id: undefined });
  objects.splice(900, 0, { ...base, id: "indicator--not-a-uuid" });
  objects.splice(1300, 0, {
    ...base,
    id: "indicator--11111111-2222-4333-8444-555555555555",
    pattern: "[ipv4-addr:value = ",
  });
  objects.splice(1700, 0, {
    ...base,
    id: "indicator--11111111-2222-4333-8444-666666666666",
    pattern: "[ipv4-addr:value = '198.51.100.1'] OR [domain-name:value = 'a.example' AND x-custom:y = 'z']",
  });
  objects.splice(2100, 0, {
    ...base,
    id: "indicator--11111111-2222-4333-8444-777777777777",
    name: 'text\u2028with\ud800lone surrogate, "quotes", =formula',
    pattern: "[url:value = 'hxxp://evil[.]example/path']",
  });
  return objects;
}

beforeAll(async () => {
  const objects = mixedFeed();
  server = await startTaxiiServer({
    collections: [{ id: "mixed", title: "Mixed", objects: objects as never }],
    maxPageSize: 250,
  });
  guarded = await startTaxiiServer({
    collections: [{ id: "mixed", title: "Mixed", objects: objects as never }],
    auth: { type: "bearer", token: "right-token" },
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await guarded?.close();
});

async function job(dir: string, url: string, worker: boolean, extra = "") {
  const path = join(dir, "job.yaml");
  await writeFile(
    path,
    `name: mixed
source: { type: taxii, url: "${url}", collection: mixed, page_size: 250, retries: 0${extra} }
delivery: { worker: ${worker} }
sinks:
  - { type: csv, id: out, path: ./out/mixed.csv }
`,
  );
  return path;
}

/** What a run leaves that must not depend on the thread the source ran on. */
async function outcome(dir: string, stdout: string) {
  const summary = JSON.parse(stdout) as Record<string, unknown>;
  const checkpoint = JSON.parse(await readFile(join(dir, "state/mixed.json"), "utf8")) as {
    collections: unknown;
  };
  const deadLetters = (await readFile(join(dir, "state/mixed.dead-letter.ndjson"), "utf8"))
    .trimEnd()
    .split("\n")
    .map((line) => {
      const { time: _time, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return rest;
    });
  const { started_at, finished_at, elapsed_ms, dead_lettered, ...counts } = summary;
  const { file: _file, ...deadLetteredCounts } = dead_lettered as Record<string, unknown>;
  for (const stats of Object.values(counts.collections as Record<string, { lag_ms?: number }>))
    delete stats.lag_ms;
  return {
    csv: await readFile(join(dir, "out/mixed.csv"), "utf8"),
    cursor: checkpoint.collections,
    deadLetters,
    counts: { ...counts, dead_lettered: deadLetteredCounts },
  };
}

describe("the source worker (delivery.worker)", () => {
  it("writes the same CSV, dead letters, summary and checkpoint cursor as the main thread on a mixed feed", async () => {
    const results = [];
    for (const worker of [true, false]) {
      const dir = await mkdtemp(join(tmpdir(), `taxiway-worker-${worker}-`));
      const run = await taxiway(["run", await job(dir, server.url, worker), "--json"]);
      expect(run.code, run.stderr).toBe(0);
      results.push(await outcome(dir, run.stdout));
    }
    const [inWorker, onMain] = results as [
      Awaited<ReturnType<typeof outcome>>,
      Awaited<ReturnType<typeof outcome>>,
    ];
    expect(inWorker.csv.split("\n").length).toBeGreaterThan(3000);
    expect(inWorker.deadLetters.length).toBeGreaterThanOrEqual(3);
    expect(inWorker.csv).toBe(onMain.csv);
    expect(inWorker.deadLetters).toEqual(onMain.deadLetters);
    expect(inWorker.cursor).toEqual(onMain.cursor);
    expect(inWorker.counts).toEqual(onMain.counts);
  }, 120_000);

  it("says in the debug log where the source runs, and why not in the worker", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-worker-log-"));
    const inWorker = await taxiway([
      "run",
      await job(dir, server.url, true),
      "--log-level",
      "debug",
      "--dry-run",
    ]);
    expect(inWorker.code, inWorker.stderr).toBe(0);
    expect(inWorker.stderr).toContain("the source runs in a worker thread");
    const onMain = await taxiway([
      "run",
      await job(dir, server.url, false),
      "--log-level",
      "debug",
      "--dry-run",
    ]);
    expect(onMain.stderr).toMatch(
      /"reason":"delivery\.worker is not true \(the default is false\)","msg":"the source runs on the main thread"/,
    );
  }, 60_000);

  it("a plugin source asked to run in the worker says, at warn level, that it runs on the main thread and why", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-worker-plugin-"));
    await writeFile(
      join(dir, "empty-source.mjs"),
      `export const source = { type: "empty", version: "1.0.0", coreVersion: "^0.1.0",
         configSchema: { type: "object", additionalProperties: false, properties: {} },
         async open() { return { sources: [], close: async () => {} }; } };`,
    );
    await writeFile(
      join(dir, "job.yaml"),
      "name: plugin\nsource: { type: ./empty-source.mjs }\ndelivery: { worker: true }\nsinks:\n  - { type: csv, path: ./out.csv }\n",
    );
    const run = await taxiway(["run", join(dir, "job.yaml")]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /"level":40,[^\n]*"reason":"source \\"\.\/empty-source\.mjs\\" is not a bundled source","msg":"delivery\.worker is true but the source runs on the main thread"/,
    );
  }, 60_000);

  it("SIGTERM mid-run stops after the page in flight, commits it, and the next run completes every IOC exactly once", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-worker-term-"));
    const path = await job(dir, server.url, true);
    const stopped = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, "run", path, "--log-level", "debug"], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      let delivered = 0;
      createInterface({ input: child.stderr }).on("line", (line) => {
        stderr += `${line}\n`;
        if (line.includes('"msg":"page delivered') && ++delivered === 3) child.kill("SIGTERM");
      });
      child.on("close", (code) => resolve({ code, stderr }));
    });
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stderr).toContain(`"status":"stopped"`);
    expect(stopped.stderr).not.toMatch(/\n\s+at /);
    const checkpoint = JSON.parse(await readFile(join(dir, "state/mixed.json"), "utf8"));
    expect(checkpoint.collections.mixed.added_after).toBeDefined();
    const rest = await taxiway(["run", path, "--json"]);
    expect(rest.code, rest.stderr).toBe(0);
    const rows = (await readFile(join(dir, "out/mixed.csv"), "utf8")).trimEnd().split("\n").slice(1);
    const keys = rows.map((row) => row.split(",").slice(0, 3).join(","));
    expect(new Set(keys).size).toBe(keys.length);
    const complete = await mkdtemp(join(tmpdir(), "taxiway-worker-whole-"));
    const whole = await taxiway(["run", await job(complete, server.url, true)]);
    expect(whole.code, whole.stderr).toBe(0);
    const wholeRows = (await readFile(join(complete, "out/mixed.csv"), "utf8"))
      .trimEnd()
      .split("\n")
      .slice(1);
    expect(rows.sort()).toEqual(wholeRows.sort());
  }, 120_000);

  it("a 401 from the server is a configuration failure (exit 2) with one line on stderr, as on the main thread", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-worker-401-"));
    const path = await job(dir, guarded.url, true, ', auth: { type: bearer, token: "wrong-token" }');
    const run = await taxiway(["run", path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^taxiway: TAXII_HTTP_401: /m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).not.toContain("wrong-token");
  }, 60_000);

  it("an unreachable server fails the run (exit 1) with one line, and no worker thread keeps the process alive", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-worker-down-"));
    const path = await job(dir, "http://127.0.0.1:9/taxii2/", true);
    const run = await taxiway(["run", path, "--json"]);
    expect(run.code).toBe(1);
    expect(
      run.stderr
        .trim()
        .split("\n")
        .filter((line) => line.startsWith("taxiway: ")),
    ).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: "failed" });
  }, 60_000);
});
