import { holdLease } from "../checkpoint/index.js";
import type { LoadedJob } from "../config/load.js";
import type { Logger } from "../logging/index.js";
import type { RunMetrics } from "./metrics.js";
import { type JobSink, openSinks } from "./open-sinks.js";
import { checkpointStoreFor } from "./run-loaded-job.js";
import { type SinkSweep, sweepRequestFor, sweepSinks } from "./sweep.js";

export interface SweepRunOptions {
  logger: Logger;
  signal?: AbortSignal;
  /** Count and name what would go; change nothing, take no lock. */
  dryRun?: boolean;
  /** The clock (epoch ms) validity is judged against; tests inject one. */
  now?: () => number;
  metrics?: RunMetrics;
}

/** What `taxiway sweep` did (or, dry run, would do). */
export interface SweepSummary {
  job: string;
  /** `partial` when a sink's sweep failed (see its `error`). */
  status: "ok" | "partial";
  dry_run: boolean;
  /** The instant validity was judged against (RFC 3339). */
  now: string;
  expired: number;
  sinks: Record<string, SinkSweep>;
  elapsed_ms: number;
}

/**
 * Sweeps a job's sinks without polling the feed (`taxiway sweep`): opens the sinks that declare `sweep` with their
 * committed state, under the job's lock (so a concurrent run and sweep never interleave; a dry run takes none),
 * removes or flags what has expired at `now`, and closes them. Throws LOCKED when a run holds the job.
 */
export async function runLoadedSweep(loaded: LoadedJob, options: SweepRunOptions): Promise<SweepSummary> {
  const { job } = loaded;
  const now = options.now ?? Date.now;
  const started = now();
  const dryRun = options.dryRun ?? false;
  const store = checkpointStoreFor(loaded);
  const lease = dryRun
    ? undefined
    : await holdLease(store, job.name, { logger: options.logger }).catch(async (error: unknown) => {
        await store.close?.();
        throw error;
      });
  const sinks: JobSink[] = [];
  try {
    const checkpoint = await store.load(job.name);
    await openSinks(
      {
        job,
        connectors: loaded.connectors,
        states: checkpoint?.sinks ?? {},
        baseDir: loaded.baseDir,
        logger: options.logger,
        signal: options.signal,
        onlySweeping: true,
      },
      sinks,
    );
    const request = sweepRequestFor(job, now(), dryRun);
    const results = await sweepSinks(sinks, request, options.logger, options.metrics);
    const states = Object.entries(results).filter(([, result]) => result.state !== undefined);
    lease?.assertHeld();
    if (states.length > 0)
      await store.commit(
        job.name,
        {
          collections: checkpoint?.collections ?? {},
          sinks: { ...checkpoint?.sinks, ...Object.fromEntries(states.map(([id, r]) => [id, r.state])) },
          last_run: checkpoint?.last_run,
        },
        checkpoint?.revision ?? 0,
        lease,
      );
    const all = Object.values(results);
    return {
      job: job.name,
      status: all.some((result) => result.error) ? "partial" : "ok",
      dry_run: dryRun,
      now: new Date(request.now).toISOString(),
      expired: all.reduce((sum, result) => sum + result.expired, 0),
      sinks: results,
      elapsed_ms: now() - started,
    };
  } finally {
    for (const { id, sink } of sinks)
      await sink
        .close()
        .catch((error: unknown) =>
          options.logger.error({ sink: id, err: (error as Error).message }, "sink close failed"),
        );
    await lease?.release();
    await store.close?.();
  }
}
