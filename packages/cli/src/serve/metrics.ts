import { RunMetrics, type RunSummary } from "@taxiway/core";
import * as promClient from "prom-client";
import { AggregatorRegistry, Counter, Gauge, Registry } from "prom-client";

/** How a run counts in `taxiway_job_runs_total{outcome}`. */
export type RunResult = "ok" | "partial" | "failed" | "held";
const RESULTS: readonly RunResult[] = ["ok", "partial", "failed", "held"];

interface JobFacts {
  /** Newest committed feed lag (ms) and when it was measured (epoch ms): the lag grows between runs. */
  lagMs?: number;
  lagAt?: number;
  holder: string;
}

/**
 * Prometheus metrics of `taxiway serve`, labelled per job: the pipeline's own (RunMetrics, one registry per job
 * with a `job` default label: per-collection IOCs, pages, lag, sink latency, sweeps) and serve's per-job series,
 * present from start-up at zero for every job: runs by outcome, failures, last success, lag, IOCs, the lease
 * holder, whether it is running and when it runs next. `/metrics` merges them into one exposition.
 */
export class ServeMetrics {
  readonly registry = new Registry();
  readonly #pipelines = new Map<string, RunMetrics>();
  readonly #facts = new Map<string, JobFacts>();
  readonly #runs: Counter<"job" | "outcome">;
  readonly #failures: Counter<"job">;
  readonly #iocs: Counter<"job">;
  readonly #lastSuccess: Gauge<"job">;
  readonly #consecutive: Gauge<"job">;
  readonly #holder: Gauge<"job" | "holder">;
  readonly #running: Gauge<"job">;
  readonly #nextRun: Gauge<"job">;
  readonly #reloads: Counter<"result">;

  constructor(private readonly now: () => number = Date.now) {
    const registers = [this.registry];
    this.#runs = new Counter({
      name: "taxiway_job_runs_total",
      help: "Runs of a job by outcome: ok, partial, failed, held (another worker held its lock or lease)",
      labelNames: ["job", "outcome"],
      registers,
    });
    this.#failures = new Counter({
      name: "taxiway_job_failures_total",
      help: "Failed runs of a job",
      labelNames: ["job"],
      registers,
    });
    this.#iocs = new Counter({
      name: "taxiway_job_iocs_total",
      help: "IOC records a job delivered to its sinks",
      labelNames: ["job"],
      registers,
    });
    this.#lastSuccess = new Gauge({
      name: "taxiway_job_last_success_timestamp_seconds",
      help: "End of the job's last successful run (0: none yet in this process)",
      labelNames: ["job"],
      registers,
    });
    this.#consecutive = new Gauge({
      name: "taxiway_job_consecutive_failures",
      help: "Failed runs in a row (the backoff doubles with each)",
      labelNames: ["job"],
      registers,
    });
    this.#holder = new Gauge({
      name: "taxiway_job_lease_holder",
      help: "1 for the worker that last held the job's lock or lease (host:pid; unknown before the first attempt)",
      labelNames: ["job", "holder"],
      registers,
    });
    this.#running = new Gauge({
      name: "taxiway_job_running",
      help: "1 while this worker runs the job",
      labelNames: ["job"],
      registers,
    });
    this.#nextRun = new Gauge({
      name: "taxiway_job_next_run_timestamp_seconds",
      help: "When the job falls due next",
      labelNames: ["job"],
      registers,
    });
    const facts = this.#facts;
    const clock = this.now;
    new Gauge({
      name: "taxiway_job_lag_seconds",
      help: "Now minus the newest date_added the job committed, as of its last run (0 before one)",
      labelNames: ["job"],
      registers,
      collect() {
        for (const [job, fact] of facts)
          this.set(
            { job },
            fact.lagMs === undefined || fact.lagAt === undefined
              ? 0
              : (fact.lagMs + clock() - fact.lagAt) / 1000,
          );
      },
    });
    this.#reloads = new Counter({
      name: "taxiway_serve_reloads_total",
      help: "Re-reads of the job files (SIGHUP): ok, or with problems (bad files kept their previous version)",
      labelNames: ["result"],
      registers,
    });
    for (const result of ["ok", "problems"]) this.#reloads.inc({ result }, 0);
  }

  /** The pipeline metrics a job's runs write into; creates the job's zero series the first time. */
  job(job: string): RunMetrics {
    let pipeline = this.#pipelines.get(job);
    if (pipeline) return pipeline;
    pipeline = new RunMetrics(job, promClient);
    this.#pipelines.set(job, pipeline);
    this.#facts.set(job, { holder: "unknown" });
    for (const outcome of RESULTS) this.#runs.inc({ job, outcome }, 0);
    this.#failures.inc({ job }, 0);
    this.#iocs.inc({ job }, 0);
    this.#lastSuccess.set({ job }, 0);
    this.#consecutive.set({ job }, 0);
    this.#holder.set({ job, holder: "unknown" }, 1);
    this.#running.set({ job }, 0);
    return pipeline;
  }

  /** Forgets a job removed from the set. */
  removeJob(job: string): void {
    const facts = this.#facts.get(job);
    this.#pipelines.delete(job);
    this.#facts.delete(job);
    for (const outcome of RESULTS) this.#runs.remove({ job, outcome });
    for (const metric of [
      this.#failures,
      this.#iocs,
      this.#lastSuccess,
      this.#consecutive,
      this.#running,
      this.#nextRun,
    ])
      metric.remove({ job });
    if (facts) this.#holder.remove({ job, holder: facts.holder });
  }

  started(job: string, holder: string): void {
    if (!this.#facts.has(job)) return;
    this.#running.set({ job }, 1);
    this.#setHolder(job, holder);
  }

  /** A sweep ended (sweeps count in the pipeline's taxiway_expired_total / taxiway_sweep_failures_total). */
  idle(job: string, holder?: string): void {
    if (!this.#facts.has(job)) return;
    this.#running.set({ job }, 0);
    if (holder) this.#setHolder(job, holder);
  }

  /** A run ended: `summary` when it got that far, the consecutive-failure count after it, and who held the job. */
  finished(
    job: string,
    result: RunResult,
    details: { summary?: RunSummary; consecutiveFailures: number; holder?: string },
  ): void {
    // A job removed by a reload finishes its run after its series are gone: nothing to count.
    if (!this.#facts.has(job)) return;
    this.#running.set({ job }, 0);
    this.#runs.inc({ job, outcome: result });
    if (result === "failed") this.#failures.inc({ job });
    this.#consecutive.set({ job }, details.consecutiveFailures);
    if (details.holder) this.#setHolder(job, details.holder);
    const { summary } = details;
    if (!summary) return;
    this.#iocs.inc({ job }, summary.iocs);
    if (result === "ok" || result === "partial") this.#lastSuccess.set({ job }, this.now() / 1000);
    const lags = Object.values(summary.collections)
      .map((collection) => collection.lag_ms)
      .filter((lag): lag is number => lag !== undefined);
    const facts = this.#facts.get(job);
    if (facts && lags.length > 0) {
      facts.lagMs = Math.max(...lags);
      facts.lagAt = this.now();
    }
  }

  nextRun(job: string, at: number): void {
    if (this.#facts.has(job)) this.#nextRun.set({ job }, Number.isFinite(at) ? at / 1000 : 0);
  }

  reloaded(withProblems: boolean): void {
    this.#reloads.inc({ result: withProblems ? "problems" : "ok" });
  }

  /** The whole exposition: serve's series and every job's pipeline series, merged by metric name. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    const all = await Promise.all(
      [this.registry, ...[...this.#pipelines.values()].map((m) => m.registry)].map((r) =>
        r.getMetricsAsJSON(),
      ),
    );
    const merged = AggregatorRegistry.aggregate(all);
    return { contentType: this.registry.contentType, body: await merged.metrics() };
  }

  #setHolder(job: string, holder: string): void {
    const facts = this.#facts.get(job);
    if (!facts || facts.holder === holder) return;
    this.#holder.remove({ job, holder: facts.holder });
    facts.holder = holder;
    this.#holder.set({ job, holder }, 1);
  }
}
