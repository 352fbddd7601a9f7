import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, LockedError, type RunSummary, SecretRegistry } from "@taxiway/core";
import { describe, expect, it } from "vitest";
import { bundledRegistry } from "../../src/bundled-connectors.js";
import {
  executeTask,
  holderOf,
  JobSetError,
  type RunOutcome,
  ServeMetrics,
  ServeProcess,
  type ServeTask,
} from "../../src/serve/index.js";
import { VirtualClock } from "./virtual-clock.js";

const silent = createLogger({ level: "silent" });

function jobText(name: string, when = "interval: 10s"): string {
  return `name: ${name}\n${when}\nsource: { type: taxii, url: "https://taxii.example.com/taxii2/", collection: c }\nsinks: [{ type: csv, path: ./${name}.csv }]\n`;
}

async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "taxiway-serve-unit-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

function lines(logged: string[]): Array<{ msg: string; code?: string }> {
  return logged
    .join("")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

async function start(dir: string, executed: string[] = []) {
  const logged: string[] = [];
  const clock = new VirtualClock(Date.parse("2026-01-01T00:00:00Z"));
  const serve = await ServeProcess.start({
    paths: [dir],
    concurrency: 2,
    env: {},
    logger: createLogger({
      level: "info",
      format: "json",
      destination: { write: (text) => logged.push(text) },
    }),
    secrets: new SecretRegistry(),
    registry: bundledRegistry(),
    clock,
    execute: async (task): Promise<RunOutcome> => {
      executed.push(`${task.kind}:${task.job.name}:${task.job.loaded.job.source.collection}`);
      return { kind: "ok" };
    },
  });
  return { serve, logged, clock };
}

describe("holderOf (lease holder, read defensively)", () => {
  it("reads a lease's holder string, an owner object, or the file lock's {pid, host}", () => {
    expect(holderOf(Object.assign(new LockedError("held"), { holder: "worker-7" }))).toBe("worker-7");
    expect(
      holderOf(Object.assign(new LockedError("held"), { holder: { owner: "pod-2", expires_at: "x" } })),
    ).toBe("pod-2");
    expect(holderOf(new LockedError("held", { details: { holder: { pid: 42, host: "box" } } }))).toBe(
      "box:42",
    );
    expect(holderOf(new LockedError("held"))).toBeUndefined();
  });
});

describe("serve metrics", () => {
  it("every job's series exist at zero from the start", async () => {
    const metrics = new ServeMetrics(() => 0);
    metrics.job("alpha");
    metrics.job("beta");
    const { body } = await metrics.exposition();
    for (const job of ["alpha", "beta"]) {
      for (const outcome of ["ok", "partial", "failed", "held"])
        expect(body).toContain(`taxiway_job_runs_total{job="${job}",outcome="${outcome}"} 0`);
      expect(body).toContain(`taxiway_job_failures_total{job="${job}"} 0`);
      expect(body).toContain(`taxiway_job_iocs_total{job="${job}"} 0`);
      expect(body).toContain(`taxiway_job_last_success_timestamp_seconds{job="${job}"} 0`);
      expect(body).toContain(`taxiway_job_lag_seconds{job="${job}"} 0`);
      expect(body).toContain(`taxiway_job_lease_holder{job="${job}",holder="unknown"} 1`);
      expect(body).toContain(`taxiway_last_success_timestamp_seconds{job="${job}"} 0`);
    }
    expect(body.match(/^# TYPE taxiway_job_runs_total counter$/gm)).toHaveLength(1);
  });

  it("the lag grows between runs from the last run's newest committed date_added", async () => {
    let now = 1_000_000;
    const metrics = new ServeMetrics(() => now);
    metrics.job("j");
    const summary = {
      iocs: 3,
      collections: { c: { pages: 1, objects: 3, lag_ms: 5000 } },
    } as unknown as RunSummary;
    metrics.finished("j", "ok", { summary, consecutiveFailures: 0 });
    now += 10_000;
    const { body } = await metrics.exposition();
    expect(body).toContain('taxiway_job_lag_seconds{job="j"} 15');
    expect(body).toContain('taxiway_job_iocs_total{job="j"} 3');
  });
});

describe("executeTask", () => {
  const job = async (name: string) => {
    const dir = await dirWith({ [`${name}.yaml`]: jobText(name) });
    const { serve } = await start(dir);
    return serve.jobs.get(name) as ServeTask["job"];
  };

  it("a LockedError is 'held' (not a failure) and names the holder in the metrics", async () => {
    const metrics = new ServeMetrics();
    const task: ServeTask = { kind: "run", job: await job("j") };
    const outcome = await executeTask(task, new AbortController().signal, {
      logger: silent,
      metrics,
      worker: "me:1",
      failuresBefore: () => 0,
      runJob: async () => {
        throw new LockedError("held", { details: { holder: { pid: 7, host: "other" } } });
      },
    });
    expect(outcome).toEqual({ kind: "held", holder: "other:7" });
    const { body } = await metrics.exposition();
    expect(body).toContain('taxiway_job_runs_total{job="j",outcome="held"} 1');
    expect(body).toContain('taxiway_job_failures_total{job="j"} 0');
    expect(body).toContain('taxiway_job_lease_holder{job="j",holder="other:7"} 1');
    expect(body).not.toContain('holder="me:1"');
  });

  it("another error is 'failed' and counted; a run cut short by the drain is not", async () => {
    const metrics = new ServeMetrics();
    const task: ServeTask = { kind: "run", job: await job("k") };
    const context = { logger: silent, metrics, worker: "me:1", failuresBefore: () => 2 };
    const failing = async () => {
      throw new Error("socket hang up");
    };
    expect(await executeTask(task, new AbortController().signal, { ...context, runJob: failing })).toEqual({
      kind: "failed",
    });
    const stopped = new AbortController();
    stopped.abort();
    expect(await executeTask(task, stopped.signal, { ...context, runJob: failing })).toEqual({ kind: "ok" });
    const { body } = await metrics.exposition();
    expect(body).toContain('taxiway_job_failures_total{job="k"} 1');
    expect(body).toContain('taxiway_job_consecutive_failures{job="k"} 0');
  });
});

describe("ServeProcess", () => {
  it("refuses to start on a bad job file, listing each problem with file:line", async () => {
    const dir = await dirWith({ "good.yaml": jobText("good"), "bad.yaml": "name: bad\ninterval: never\n" });
    const error = await start(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobSetError);
    expect((error as JobSetError).lines.join("\n")).toMatch(/bad\.yaml:2:\d+: interval: must be a duration/);
  });

  it("refuses two files naming one job", async () => {
    const dir = await dirWith({ "a.yaml": jobText("same"), "b.yaml": jobText("same") });
    const error = (await start(dir).catch((e: unknown) => e)) as JobSetError;
    expect(error.lines).toEqual([
      expect.stringMatching(/b\.yaml: job 'same' is already defined by .*a\.yaml/),
    ]);
  });

  it("reload: added, removed and changed jobs apply; a bad file is one error line and keeps its job's previous version", async () => {
    const dir = await dirWith({ "a.yaml": jobText("a"), "b.yaml": jobText("b"), "c.yaml": jobText("c") });
    const executed: string[] = [];
    const { serve, logged, clock } = await start(dir, executed);
    const stop = new AbortController();
    const running = serve.run(stop.signal);
    await clock.advance(1);
    expect(executed.filter((e) => e.startsWith("run:")).sort()).toEqual(["run:a:c", "run:b:c", "run:c:c"]);

    executed.length = 0;
    await rm(join(dir, "a.yaml"));
    await writeFile(join(dir, "b.yaml"), jobText("b").replace("collection: c", "collection: changed"));
    await writeFile(join(dir, "c.yaml"), "name: c\nsource: [broken\n");
    await writeFile(join(dir, "d.yaml"), jobText("d"));
    const problems = await serve.reload();
    expect(problems.map((p) => p.file)).toEqual([join(dir, "c.yaml")]);
    expect([...serve.jobs.keys()].sort()).toEqual(["b", "c", "d"]);
    expect(serve.jobs.get("c")?.loaded.job.source.collection).toBe("c");
    await clock.advance(1);
    expect(executed.filter((e) => e.startsWith("run:")).sort()).toEqual(["run:b:changed", "run:d:c"]);
    const errors = lines(logged).filter((line) => line.msg.startsWith("reload: "));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toMatch(
      /c\.yaml:\d+:\d+: source: YAML syntax error: .*keep their previous version/,
    );

    const readyz = serve.endpoints()["/readyz"];
    expect((await readyz?.())?.status).toBe(200);
    stop.abort();
    expect((await readyz?.())?.status).toBe(503);
    await clock.advance(1000);
    await running;
  });
});
