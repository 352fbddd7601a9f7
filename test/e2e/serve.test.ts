import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTaxiiServer, type TaxiiServer } from "@taxiway/testkit/fixtures";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ipv4Indicators } from "../support/objects.js";
import { BIN, taxiway } from "./binary.js";
import { freePort, jobsIn, runs, ServeChild, waitUntil } from "./serve-harness.js";
import { plain } from "./terminal.js";

const NO_STACK = /\n\s+at .+:\d+:\d+/;

let server: TaxiiServer;
const children: ServeChild[] = [];

beforeAll(async () => {
  server = await startTaxiiServer({
    collections: [
      { id: "c1", title: "One", objects: ipv4Indicators(40) },
      { id: "c2", title: "Two", objects: ipv4Indicators(30, 1000) },
      { id: "c3", title: "Three", objects: ipv4Indicators(20, 2000) },
      { id: "c4", title: "Four", objects: ipv4Indicators(10, 3000) },
    ],
    maxPageSize: 10,
  });
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});
afterAll(async () => {
  await server.close();
});

function job(name: string, collection: string, when: string): string {
  return `name: ${name}
${when}
source: { type: taxii, url: "${server.url}", collection: ${collection}, page_size: 10 }
checkpoint: { path: ../state/${name}.json }
watch: { jitter: 0 }
sinks: [{ type: csv, path: ../out/${name}.csv, columns: [value], line_ending: lf }]
`;
}

async function jobsDir(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "taxiway-serve-"));
  await mkdir(join(root, "jobs"));
  await writeFile(join(root, "jobs", "one.yaml"), job("one", "c1", "interval: 1s"));
  await writeFile(join(root, "jobs", "two.yaml"), job("two", "c2", "interval: 2s"));
  await writeFile(join(root, "jobs", "three.yaml"), job("three", "c3", `schedule: "*/1 * * * * *"`));
  return root;
}

async function serve(root: string, extra: string[] = []): Promise<ServeChild> {
  const port = await freePort();
  const child = new ServeChild(
    ["serve", "jobs", "--listen", `127.0.0.1:${port}`, "--log-format", "json", ...extra],
    port,
    { cwd: root },
  );
  children.push(child);
  return child;
}

async function csvValues(root: string, name: string): Promise<string[]> {
  const text = await readFile(join(root, "out", `${name}.csv`), "utf8");
  return text.trim().split("\n").slice(1);
}

async function locks(root: string): Promise<string[]> {
  return (await readdir(join(root, "state"))).filter((name) => name.endsWith(".lock"));
}

describe("taxiway serve (the real binary)", () => {
  it("runs three jobs on their schedules (two intervals, a seconds cron) with per-job metrics; SIGHUP adds and removes jobs and reports a bad file; SIGTERM drains to exit 0 with no lock left", async () => {
    const root = await jobsDir();
    const replica = await serve(root);
    // Every job's series exist from the first scrape, before or after its first run.
    const first = await waitUntil(async () => {
      const text = await replica.metrics();
      return jobsIn(text).length === 3 ? text : undefined;
    }, "the first /metrics");
    expect(jobsIn(first)).toEqual(["one", "three", "two"]);
    for (const name of ["one", "two", "three"]) {
      expect(first).toMatch(new RegExp(`^taxiway_job_failures_total\\{job="${name}"\\} 0$`, "m"));
      expect(first).toMatch(
        new RegExp(`^taxiway_job_lease_holder\\{job="${name}",holder="[^"]+"\\} 1$`, "m"),
      );
    }
    const ready = await fetch(`http://127.0.0.1:${replica.port}/readyz`);
    expect(ready.status).toBe(200);

    const metrics = await waitUntil(async () => {
      const text = await replica.metrics();
      return ["one", "two", "three"].every((name) => runs(text, name, "ok") >= 2) ? text : undefined;
    }, "two successful runs of every job");
    expect(metrics).toMatch(/^taxiway_job_iocs_total\{job="one"\} 40$/m);
    expect(metrics).toMatch(/^taxiway_job_iocs_total\{job="two"\} 30$/m);
    expect(metrics).toMatch(/^taxiway_job_iocs_total\{job="three"\} 20$/m);
    expect(metrics).toMatch(/^taxiway_job_last_success_timestamp_seconds\{job="three"\} [1-9]/m);
    expect(metrics).toMatch(/^taxiway_job_lag_seconds\{job="one"\} [1-9]/m);
    expect(metrics).toMatch(/^taxiway_iocs_total\{collection="c2",job="two"\} 30$/m);

    // SIGHUP: a fourth job added, job one removed, and a bad file reported while the rest keeps running.
    await writeFile(join(root, "jobs", "four.yaml"), job("four", "c4", "interval: 1s"));
    await rm(join(root, "jobs", "one.yaml"));
    await writeFile(join(root, "jobs", "zbad.yaml"), "name: bad\nsource: [unclosed\n");
    const threeBefore = runs(await replica.metrics(), "three", "ok");
    replica.kill("SIGHUP");
    const reloaded = await waitUntil(async () => {
      const text = await replica.metrics();
      return runs(text, "four", "ok") >= 1 && runs(text, "three", "ok") > threeBefore ? text : undefined;
    }, "the added job's first run after SIGHUP");
    expect(jobsIn(reloaded)).toEqual(["four", "three", "two"]);
    expect(reloaded).toMatch(/^taxiway_serve_reloads_total\{result="problems"\} 1$/m);
    const reloadLines = replica.stderr.split("\n").filter((line) => line.includes("reload: "));
    expect(reloadLines).toHaveLength(1);
    expect(reloadLines[0]).toMatch(
      /zbad\.yaml:\d+:\d+: source: YAML syntax error: .*its jobs keep their previous version/,
    );

    replica.kill("SIGTERM");
    expect(await replica.exited, replica.stderr).toBe(0);
    expect(replica.stderr).not.toMatch(NO_STACK);
    expect(await locks(root)).toEqual([]);
    expect((await csvValues(root, "one")).length).toBe(40);
    expect((await csvValues(root, "four")).length).toBe(10);
  }, 180_000);

  it("a bad job file at start-up: exit 2, each problem on its own line with file:line, nothing runs", async () => {
    const root = await jobsDir();
    await writeFile(
      join(root, "jobs", "bad.yaml"),
      `name: bad\nschedule: "61 * * * *"\ninterval: 1m\nsource: { type: taxii, url: "${server.url}", collection: c1 }\nsinks: [{ type: csv, path: x.csv }]\n`,
    );
    const run = await taxiway(["serve", "jobs"], { cwd: root });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/jobs\/bad\.yaml:2:\d+: schedule: must be a cron expression/);
    expect(run.stderr).toMatch(/jobs\/bad\.yaml:3:\d+: interval: schedule and interval exclude each other/);
    expect(run.stderr).toMatch(/^taxiway: CONFIG_INVALID: 2 problems in 1 job file \(listed above\)$/m);
    expect(run.stderr).not.toMatch(NO_STACK);
    await expect(readdir(join(root, "out"))).rejects.toThrow();
  });

  it("two replicas on one file store split the jobs through the locks: runs held elsewhere are skipped, and every IOC lands once", async () => {
    const root = await jobsDir();
    const [a, b] = [await serve(root), await serve(root)];
    const total = (texts: string[], job: string, outcome: string) =>
      texts.reduce((sum, text) => sum + runs(text, job, outcome), 0);
    const seen = await waitUntil(async () => {
      const texts = [await a.metrics(), await b.metrics()];
      const done = ["one", "two", "three"].every((job) => total(texts, job, "ok") >= 2);
      const held = ["one", "two", "three"].reduce((sum, job) => sum + total(texts, job, "held"), 0);
      return done && held >= 1 ? texts : undefined;
    }, "both replicas at work, with at least one run held by the other");
    for (const text of seen) expect(text).toMatch(/^taxiway_job_failures_total\{job="one"\} 0$/m);
    server.add("c1", ipv4Indicators(5, 500));
    await waitUntil(
      async () => ((await csvValues(root, "one")).length === 45 ? true : undefined),
      "the new objects",
    );
    a.kill("SIGTERM");
    b.kill("SIGTERM");
    expect(await a.exited, a.stderr).toBe(0);
    expect(await b.exited, b.stderr).toBe(0);
    expect(await locks(root)).toEqual([]);
    for (const [name, count] of [
      ["one", 45],
      ["two", 30],
      ["three", 20],
    ] as const) {
      const values = await csvValues(root, name);
      expect(values.length, name).toBe(count);
      expect(new Set(values).size, name).toBe(count);
    }
  }, 180_000);

  it.each([
    ["the grace time runs out", ["SIGTERM"], /grace time exceeded/],
    ["a second SIGTERM comes", ["SIGTERM", "SIGTERM"], /second SIGTERM/],
  ])(
    "a run that cannot drain: exit 1 when %s, and no lock is left",
    async (_when, signals, said) => {
      const root = await jobsDir();
      // A sink whose writes never end: the drain cannot finish the page in flight.
      await writeFile(
        join(root, "hang.mjs"),
        `import { writeFileSync } from "node:fs";
export const connector = { type: "hang", version: "1.0.0", coreVersion: "^0.1.0",
  configSchema: { type: "object", properties: {}, additionalProperties: false },
  create: () => ({ type: "hang", check: async () => ({ ok: true }), open: async () => {},
    write: () => { writeFileSync(${JSON.stringify(join(root, "write-started"))}, ""); return new Promise(() => {}); },
    flush: async () => ({}), close: async () => {} }) };\n`,
      );
      await rm(join(root, "jobs"), { recursive: true });
      await mkdir(join(root, "jobs"));
      await writeFile(
        join(root, "jobs", "stuck.yaml"),
        `name: stuck\ninterval: 1s\nsource: { type: taxii, url: "${server.url}", collection: c1 }\ncheckpoint: { path: ../state/stuck.json }\nsinks: [{ type: ../hang.mjs }]\n`,
      );
      const replica = await serve(root, ["--grace", signals.length === 1 ? "1s" : "10m"]);
      await waitUntil(
        async () =>
          /^taxiway_job_running\{job="stuck"\} 1$/m.test(await replica.metrics()) &&
          (await locks(root)).length === 1 &&
          existsSync(join(root, "write-started")),
        // Not just running: stuck in the sink's write, so the page in flight cannot finish (under load, a stop
        // that came while the first page was still being fetched drained at once and exited 0).
        "the stuck run holding its lock, inside the sink's write",
      );
      for (const signal of signals) {
        replica.kill(signal as NodeJS.Signals);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await replica.exited, replica.stderr).toBe(1);
      expect(replica.stderr).toMatch(said);
      expect(await locks(root)).toEqual([]);
    },
    120_000,
  );

  it("in a pseudo-terminal: pretty logs, and SIGTERM ends it with 0", async () => {
    const root = await jobsDir();
    const port = await freePort();
    const command = [process.execPath, BIN, "serve", "jobs/two.yaml", "--listen", `127.0.0.1:${port}`]
      .map((word) => `'${word.replace(/'/g, `'\\''`)}'`)
      .join(" ");
    const tty = new ServeChild(["--quiet", "--return", "--command", command, "/dev/null"], port, {
      cwd: root,
      command: ["script"],
    });
    children.push(tty);
    const health = await waitUntil(async () => {
      const text = await tty.metrics();
      return runs(text, "two", "ok") >= 1 ? tty.healthz() : undefined;
    }, "a run in the terminal");
    process.kill(health.pid, "SIGTERM");
    expect(await tty.exited, tty.stdout).toBe(0);
    const screen = plain(tty.stdout);
    expect(screen).toMatch(/INFO.*serving 1 job/);
    expect(screen).toMatch(/SIGTERM received/);
    expect(screen).not.toMatch(NO_STACK);
  }, 120_000);
});
