import type { Counter, Gauge, Histogram, Registry } from "prom-client";

import { commonJsExports } from "../modules/index.js";

type PromClient = typeof import("prom-client");

/**
 * Prometheus metrics of a long-running (`--watch`) job: per-collection progress and lag, sink latency, errors.
 * Made by `RunMetrics.create`, which loads prom-client then: a run without `--watch` never loads it.
 */
export class RunMetrics {
  readonly registry: Registry;
  private readonly objects: Counter<"collection">;
  private readonly iocs: Counter<"collection">;
  private readonly pages: Counter<"collection">;
  private readonly lag: Gauge<"collection">;
  private readonly deadLettered: Counter<"stage">;
  private readonly errors: Counter<"code">;
  private readonly sinkLatency: Histogram<"sink">;
  private readonly lastSuccess: Gauge;
  private readonly expiredTotal: Counter<"sink">;
  private readonly sweepFailures: Counter<"sink">;

  static async create(job: string): Promise<RunMetrics> {
    return new RunMetrics(job, commonJsExports<PromClient>(await import("prom-client")));
  }

  constructor(job: string, { Counter, Gauge, Histogram, Registry }: PromClient) {
    this.registry = new Registry();
    this.registry.setDefaultLabels({ job });
    const registers = [this.registry];
    this.objects = new Counter({
      name: "taxiway_objects_total",
      help: "STIX objects fetched",
      labelNames: ["collection"],
      registers,
    });
    this.iocs = new Counter({
      name: "taxiway_iocs_total",
      help: "IOC records delivered to the sinks",
      labelNames: ["collection"],
      registers,
    });
    this.pages = new Counter({
      name: "taxiway_pages_total",
      help: "Pages committed",
      labelNames: ["collection"],
      registers,
    });
    this.lag = new Gauge({
      name: "taxiway_feed_lag_seconds",
      help: "Now minus the newest date_added committed",
      labelNames: ["collection"],
      registers,
    });
    this.deadLettered = new Counter({
      name: "taxiway_dead_lettered_total",
      help: "Items written to the dead-letter file",
      labelNames: ["stage"],
      registers,
    });
    this.errors = new Counter({
      name: "taxiway_run_errors_total",
      help: "Failed runs by error code",
      labelNames: ["code"],
      registers,
    });
    this.sinkLatency = new Histogram({
      name: "taxiway_sink_write_seconds",
      help: "Time to deliver one page to a sink, retries included",
      labelNames: ["sink"],
      buckets: [0.005, 0.02, 0.1, 0.5, 1, 5, 30],
      registers,
    });
    this.expiredTotal = new Counter({
      name: "taxiway_expired_total",
      help: "IOCs a sweep removed or flagged because their validity had passed",
      labelNames: ["sink"],
      registers,
    });
    this.sweepFailures = new Counter({
      name: "taxiway_sweep_failures_total",
      help: "Sweeps that failed (retried by the next one)",
      labelNames: ["sink"],
      registers,
    });
    this.lastSuccess = new Gauge({
      name: "taxiway_last_success_timestamp_seconds",
      help: "End of the last successful run",
      registers,
    });
  }

  page(collection: string, objects: number, iocs: number, lagMs: number | undefined): void {
    this.pages.inc({ collection });
    this.objects.inc({ collection }, objects);
    this.iocs.inc({ collection }, iocs);
    if (lagMs !== undefined) this.lag.set({ collection }, lagMs / 1000);
  }

  sinkWrite(sink: string, seconds: number): void {
    this.sinkLatency.observe({ sink }, seconds);
  }

  expired(sink: string, count: number): void {
    this.expiredTotal.inc({ sink }, count);
  }

  sweepFailed(sink: string): void {
    this.sweepFailures.inc({ sink });
  }

  deadLetter(stage: string, count: number): void {
    if (count > 0) this.deadLettered.inc({ stage }, count);
  }

  runFinished(error?: { code: string }): void {
    if (error) this.errors.inc({ code: error.code });
    else this.lastSuccess.set(Date.now() / 1000);
  }
}
