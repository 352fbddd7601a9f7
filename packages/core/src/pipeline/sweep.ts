import type { JobConfig } from "../config/job.js";
import { parseDuration } from "../config/units.js";
import { AbortedError, ConfigError, TaxiwayError } from "../errors/index.js";
import type { Logger } from "../logging/index.js";
import type { SweepRequest } from "../sink/index.js";
import type { RunMetrics } from "./metrics.js";
import type { JobSink } from "./open-sinks.js";

/** One sink's sweep: what it removed or flagged, some of the keys, or why it failed. */
export interface SinkSweep {
  type: string;
  expired: number;
  sample: string[];
  error?: { code: string; message: string };
  /** State to commit for this sink (SweepResult.state); never printed. */
  state?: unknown;
}

/** The sweep request of a job at `now` (epoch ms): `filters.expire_after` applies, as in the runner's filter. */
export function sweepRequestFor(job: JobConfig, now: number, dryRun = false): SweepRequest {
  const expireAfterMs =
    job.filters?.expire_after === undefined ? undefined : parseDuration(job.filters.expire_after);
  return { now, ...(expireAfterMs !== undefined ? { expireAfterMs } : {}), ...(dryRun ? { dryRun } : {}) };
}

/**
 * Runs `sweep` on every sink that declares it, one after the other. A sink's failure is logged, counted in the
 * metrics and reported in its entry; it does not stop the others (the next sweep finds what this one left). A
 * configuration error (credentials) and an abort do stop it.
 */
export async function sweepSinks(
  sinks: readonly JobSink[],
  request: SweepRequest,
  logger: Logger,
  metrics?: RunMetrics,
): Promise<Record<string, SinkSweep>> {
  const results: Record<string, SinkSweep> = {};
  for (const { id, type, sink, sweeps } of sinks) {
    if (!sweeps || !sink.sweep) continue;
    try {
      const { expired, sample, state } = await sink.sweep(request);
      results[id] = { type, expired, sample };
      if (state !== undefined)
        Object.defineProperty(results[id], "state", { value: state, enumerable: false });
      if (!request.dryRun) metrics?.expired(id, expired);
      logger.info(
        { sink: id, expired, dry_run: request.dryRun === true, now: new Date(request.now).toISOString() },
        request.dryRun
          ? "sweep (dry run): would remove expired IOCs"
          : "sweep: expired IOCs removed or flagged",
      );
    } catch (error) {
      if (error instanceof ConfigError || error instanceof AbortedError) throw error;
      const code = error instanceof TaxiwayError ? error.code : "UNEXPECTED";
      const message = error instanceof Error ? error.message : String(error);
      results[id] = { type, expired: 0, sample: [], error: { code, message } };
      metrics?.sweepFailed(id);
      logger.warn({ sink: id, code, err: message }, "sweep failed; the next sweep retries");
    }
  }
  return results;
}
