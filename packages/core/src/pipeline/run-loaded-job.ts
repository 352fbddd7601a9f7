import { type CheckpointStore, openCheckpointStore } from "../checkpoint/index.js";
import type { LoadedJob } from "../config/load.js";
import { parseDuration } from "../config/units.js";
import { ConfigError, TaxiwayError } from "../errors/index.js";
import type { Logger } from "../logging/index.js";
import { bundledSource, type SourceConfig } from "../source/index.js";
import { mainThreadReason, openSourceInWorker } from "../source-worker/index.js";
import type { SeenIndex } from "../taxii/paging/seen-index.js";
import type { DeliveredPage } from "./page-stages.js";
import { type RunJobOptions, runJob } from "./run-job.js";
import type { RunSummary } from "./summary.js";

export interface RunLoadedJobOptions {
  logger: Logger;
  signal?: AbortSignal;
  dryRun?: boolean;
  since?: string;
  ignoreCheckpoint?: boolean;
  onPage?: (summary: Readonly<RunSummary>, page: DeliveredPage) => void;
  onDryRunRecords?: RunJobOptions["onDryRunRecords"];
  metrics?: RunJobOptions["metrics"];
  /** Sweep at the end of the run (default true). */
  sweep?: boolean;
  now?: RunJobOptions["now"];
}

/**
 * Where a job's state lives (`checkpoint.type`): by default a file, `checkpoint.path` relative to the job file or
 * ./state/<name>.json; or PostgreSQL, Elasticsearch, OpenSearch. Callers `close()` it when done.
 */
export function checkpointStoreFor(loaded: LoadedJob): CheckpointStore {
  return openCheckpointStore(loaded.job.checkpoint, { baseDir: loaded.baseDir, job: loaded.job.name });
}

/** The run went past `source.timeouts.run`: it stopped after its last committed page. Exit 1, retried next time. */
export class RunDeadlineError extends TaxiwayError {
  constructor(limitMs: number) {
    super(
      `the run took longer than source.timeouts.run (${limitMs} ms): stopped; the checkpoint keeps the last delivered page`,
      { code: "RUN_DEADLINE", retryable: true, details: { limit_ms: limitMs } },
    );
  }
}

function failedSummary(summary: RunSummary | undefined, error: RunDeadlineError): RunSummary | undefined {
  if (!summary) return undefined;
  return { ...summary, status: "failed", error: { code: error.code, message: error.message } };
}

/**
 * Opens the job's source (TAXII or another SourceDescriptor) and runs it once with the file checkpoint store. With `source.timeouts.run`, a
 * deadline aborts the run like a stop signal (the page in flight is not committed unless delivered), then the run
 * fails with RunDeadlineError carrying the summary.
 */
export async function runLoadedJob(loaded: LoadedJob, options: RunLoadedJobOptions): Promise<RunSummary> {
  const runLimit = (loaded.job.source as { timeouts?: { run?: string | number } }).timeouts?.run;
  const limitMs = runLimit === undefined ? undefined : parseDuration(runLimit);
  const deadline = limitMs === undefined ? undefined : AbortSignal.timeout(limitMs);
  const signal =
    deadline && options.signal ? AbortSignal.any([options.signal, deadline]) : (deadline ?? options.signal);
  const overdue = (summary: RunSummary | undefined) => {
    const error = new RunDeadlineError(limitMs as number);
    return Object.assign(error, { summary: failedSummary(summary, error) });
  };
  try {
    const summary = await runWithin(loaded, { ...options, signal });
    if (deadline?.aborted && !options.signal?.aborted) throw overdue(summary);
    return summary;
  } catch (error) {
    if (error instanceof RunDeadlineError || !deadline?.aborted || options.signal?.aborted) throw error;
    throw overdue((error as { summary?: RunSummary }).summary);
  }
}

async function runWithin(loaded: LoadedJob, options: RunLoadedJobOptions): Promise<RunSummary> {
  const store = checkpointStoreFor(loaded);
  const { sources, close } = await openJobSource(loaded, store, options).catch(async (error: unknown) => {
    await store.close?.();
    throw error;
  });
  try {
    return await runJob({
      job: loaded.job,
      baseDir: loaded.baseDir,
      sources,
      connectors: loaded.connectors,
      store,
      logger: options.logger,
      signal: options.signal,
      dryRun: options.dryRun,
      since: options.since,
      ignoreCheckpoint: options.ignoreCheckpoint,
      onPage: options.onPage,
      onDryRunRecords: options.onDryRunRecords,
      metrics: options.metrics,
      sweep: options.sweep,
      now: options.now,
    });
  } finally {
    await close();
    await store.close?.();
  }
}

/**
 * Opens the job's source where it runs: in the source worker (both cores work: the worker fetches, parses and
 * extracts, this thread delivers and commits), or on this thread when mainThreadReason says why not (a test clock
 * also keeps it here, since the worker's filter reads the real clock).
 */
async function openJobSource(
  loaded: LoadedJob,
  store: CheckpointStore,
  options: RunLoadedJobOptions,
): Promise<{ sources: RunJobOptions["sources"]; close(): Promise<void> }> {
  const seenIndex = !options.dryRun && store.seenIndex !== undefined;
  const reason = options.now ? "the run has an injected clock" : mainThreadReason(loaded);
  if (reason === undefined) {
    options.logger.debug({ reason: "delivery.worker is true" }, "the source runs in a worker thread");
    return openSourceInWorker(loaded, { logger: options.logger, signal: options.signal, seenIndex });
  }
  // Asked for and not given: say so where a person reads it, not only at debug level.
  if (loaded.job.delivery?.worker === true)
    options.logger.warn({ reason }, "delivery.worker is true but the source runs on the main thread");
  else options.logger.debug({ reason }, "the source runs on the main thread");
  const descriptor = loaded.source ?? bundledSource(loaded.job.source.type);
  if (!descriptor)
    throw new ConfigError(`no source "${loaded.job.source.type}"`, { code: "SOURCE_NOT_FOUND" });
  return descriptor.open(loaded.job.source as SourceConfig, {
    job: loaded.job.name,
    baseDir: loaded.baseDir,
    logger: options.logger,
    signal: options.signal,
    ...(seenIndex
      ? { openSeenIndex: (collection: string) => store.seenIndex?.(loaded.job.name, collection) as SeenIndex }
      : {}),
  });
}
