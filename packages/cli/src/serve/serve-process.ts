import {
  ConfigError,
  type ConnectorRegistry,
  intervalSchedule,
  type Logger,
  parseDuration,
  type SecretRegistry,
} from "@taxiway/core";
import type { Endpoints } from "../health-server.js";
import { executeTask, type ServeTask, taskIdOf } from "./execute.js";
import { workerId } from "./holder.js";
import { type JobFileProblem, type JobSet, loadJobSet, type ServeJob } from "./job-set.js";
import { JobTable, type TaskSpec } from "./job-table.js";
import { ServeMetrics } from "./metrics.js";
import { Scheduler, type SchedulerClock, systemClock } from "./scheduler.js";

export interface ServeOptions {
  /** Job files and directories of job files, as given on the command line. */
  paths: string[];
  /** Tasks running at once (`--concurrency`). */
  concurrency: number;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  secrets: SecretRegistry;
  registry: ConnectorRegistry;
  clock?: SchedulerClock;
  /** Test seam: how a task runs. */
  execute?: typeof executeTask;
}

/** The job files were not usable at start-up (exit 2). `lines`: every problem, one line each. */
export class JobSetError extends ConfigError {
  readonly lines: string[];

  constructor(readonly problems: JobFileProblem[]) {
    const lines = problems.flatMap((problem) => problem.lines);
    const files = problems.length === 1 ? "1 job file" : `${problems.length} job files`;
    super(
      lines.length === 1
        ? `bad job file: ${lines[0]}`
        : `${lines.length} problems in ${files} (listed above)`,
      {
        code: problems.length === 1 ? (problems[0]?.code ?? "CONFIG_INVALID") : "CONFIG_INVALID",
        details: { problems },
      },
    );
    this.lines = lines;
  }
}

const DEFAULT_SWEEP_INTERVAL_MS = 3_600_000;

function runSpec(job: ServeJob): TaskSpec<ServeTask> {
  return {
    payload: { kind: "run", job },
    schedule: job.schedule,
    group: job.name,
    fingerprint: job.fingerprint,
    jitter: job.schedule.kind === "interval" ? (job.loaded.job.watch?.jitter ?? 0.1) : 0,
  };
}

function sweepSpec(job: ServeJob): TaskSpec<ServeTask> {
  const written = job.loaded.job.watch?.sweep_interval;
  const ms = (written === undefined ? undefined : parseDuration(written)) ?? DEFAULT_SWEEP_INTERVAL_MS;
  return {
    payload: { kind: "sweep", job },
    schedule: intervalSchedule(Math.max(1000, ms), String(written ?? "1h")),
    group: job.name,
    fingerprint: `${job.fingerprint}#sweep`,
  };
}

/**
 * `taxiway serve`: a set of jobs on their schedules in one process. Holds the job table, the scheduler and the
 * metrics; `reload()` (SIGHUP) re-reads the job files, `run(stop)` schedules until `stop` aborts and then drains.
 */
export class ServeProcess {
  readonly worker = workerId();
  readonly metrics: ServeMetrics;
  readonly table: JobTable<ServeTask>;
  readonly #scheduler: Scheduler<ServeTask>;
  readonly #clock: SchedulerClock;
  #jobs = new Map<string, ServeJob>();
  #state: "starting" | "running" | "draining" = "starting";
  #reloading: Promise<unknown> = Promise.resolve();

  private constructor(private readonly options: ServeOptions) {
    this.#clock = options.clock ?? systemClock;
    this.metrics = new ServeMetrics(() => this.#clock.now());
    this.table = new JobTable<ServeTask>(options.concurrency);
    const execute = options.execute ?? executeTask;
    this.#scheduler = new Scheduler<ServeTask>({
      table: this.table,
      clock: this.#clock,
      execute: (_id, task, signal) =>
        execute(task, signal, {
          logger: options.logger,
          metrics: this.metrics,
          worker: this.worker,
          failuresBefore: (id) => this.table.get(id)?.failures ?? 0,
        }),
      onFinished: (id, _outcome) => this.#noteNextRun(id),
    });
  }

  /** Loads the job files; any bad one (or none at all) is a JobSetError / ConfigError: serve does not start. */
  static async start(options: ServeOptions): Promise<ServeProcess> {
    const serve = new ServeProcess(options);
    const set = await serve.#load();
    if (set.problems.length > 0) throw new JobSetError(set.problems);
    if (set.jobs.size === 0)
      throw new ConfigError(`no job files (*.yaml, *.yml) in ${options.paths.join(", ")}`, {
        code: "CONFIG_NOT_FOUND",
      });
    serve.#apply(set);
    return serve;
  }

  get jobs(): ReadonlyMap<string, ServeJob> {
    return this.#jobs;
  }

  /**
   * Re-reads the job files (SIGHUP): added jobs start, removed ones stop after their running run, changed ones
   * start over once their running run has ended. A bad file is reported, one log line per problem, and its jobs
   * keep their previous version; the others apply. Reloads run one at a time.
   */
  reload(): Promise<JobFileProblem[]> {
    const next = this.#reloading.then(async () => {
      let set: JobSet;
      try {
        set = await this.#load();
      } catch (error) {
        this.options.logger.error(
          { code: (error as { code?: string }).code },
          `reload failed: ${(error as Error).message}`,
        );
        this.metrics.reloaded(true);
        return [];
      }
      for (const problem of set.problems)
        for (const line of problem.lines)
          this.options.logger.error(
            { code: problem.code, file: problem.file },
            `reload: ${line}; its jobs keep their previous version`,
          );
      // A bad file's jobs stay as they were (by file); a job moved to another good file follows that one.
      const badFiles = new Set(set.problems.map((problem) => problem.file));
      for (const [name, job] of this.#jobs)
        if (badFiles.has(job.file) && !set.jobs.has(name)) set.jobs.set(name, job);
      this.#apply(set);
      this.metrics.reloaded(set.problems.length > 0);
      return set.problems;
    });
    this.#reloading = next;
    return next;
  }

  /** Schedules until `stop` aborts, then waits for every running task to drain (their pages commit). */
  async run(stop: AbortSignal): Promise<void> {
    this.#state = "running";
    stop.addEventListener("abort", () => {
      this.#state = "draining";
    });
    this.options.logger.info(
      { jobs: [...this.#jobs.keys()], concurrency: this.table.concurrency, worker: this.worker },
      `serving ${this.#jobs.size} job${this.#jobs.size === 1 ? "" : "s"}`,
    );
    await this.#scheduler.run(stop);
    this.options.logger.info("drained: every running task ended");
  }

  /** `/healthz` (the process is alive; per-job state), `/readyz` (503 while starting or draining), `/metrics`. */
  endpoints(): Endpoints {
    return {
      "/healthz": () => ({
        status: 200,
        contentType: "application/json",
        body: JSON.stringify(this.health()),
      }),
      "/readyz": () => {
        const ready = this.#state === "running";
        return {
          status: ready ? 200 : 503,
          contentType: "application/json",
          body: JSON.stringify({ status: ready ? "ready" : this.#state }),
        };
      },
      "/metrics": async () => {
        for (const name of this.#jobs.keys()) this.#noteNextRun(name);
        const { contentType, body } = await this.metrics.exposition();
        return { status: 200, contentType, body };
      },
    };
  }

  health(): Record<string, unknown> {
    const jobs = Object.fromEntries(
      [...this.#jobs.values()].map((job) => {
        const state = this.table.get(job.name);
        return [
          job.name,
          {
            file: job.file,
            schedule: job.schedule.text,
            running: state?.running ?? false,
            next_run: state && Number.isFinite(state.nextDue) ? new Date(state.nextDue).toISOString() : null,
            consecutive_failures: state?.failures ?? 0,
            last_outcome: state?.lastOutcome ?? null,
          },
        ];
      }),
    );
    return {
      status: this.#state === "draining" ? "draining" : "ok",
      pid: process.pid,
      worker: this.worker,
      jobs,
    };
  }

  #load(): Promise<JobSet> {
    const { paths, env, secrets, registry } = this.options;
    return loadJobSet(paths, { env, secrets, registry });
  }

  #apply(set: JobSet): void {
    const now = this.#clock.now();
    for (const name of this.#jobs.keys()) {
      if (set.jobs.has(name)) continue;
      const job = this.#jobs.get(name) as ServeJob;
      this.table.remove(taskIdOf({ kind: "run", job }));
      this.table.remove(taskIdOf({ kind: "sweep", job }));
      this.metrics.removeJob(name);
      this.options.logger.info({ job: name }, "job removed (a running run finishes first)");
    }
    for (const job of set.jobs.values()) {
      const change = this.table.upsert(taskIdOf({ kind: "run", job }), runSpec(job), now);
      this.table.upsert(taskIdOf({ kind: "sweep", job }), sweepSpec(job), now);
      this.metrics.job(job.name);
      if (change !== "unchanged" && this.#state !== "starting")
        this.options.logger.info(
          { job: job.name, file: job.file, schedule: job.schedule.text },
          `job ${change}`,
        );
      this.#noteNextRun(job.name);
    }
    this.#jobs = new Map(set.jobs);
    this.#scheduler.poke();
  }

  #noteNextRun(id: string): void {
    const state = this.table.get(id);
    if (state && !id.endsWith("#sweep")) this.metrics.nextRun(id, state.nextDue);
  }
}
