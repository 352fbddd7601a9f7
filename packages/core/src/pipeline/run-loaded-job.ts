import { resolve } from "node:path";
import { FileCheckpointStore } from "../checkpoint/index.js";
import type { LoadedJob } from "../config/load.js";
import type { Logger } from "../logging/index.js";
import type { Page } from "../taxii/page.js";
import { createTaxiiSources } from "../taxii/sources.js";
import { type RunJobOptions, runJob } from "./run-job.js";
import type { RunSummary } from "./summary.js";

export interface RunLoadedJobOptions {
  logger: Logger;
  signal?: AbortSignal;
  dryRun?: boolean;
  since?: string;
  ignoreCheckpoint?: boolean;
  onPage?: (summary: Readonly<RunSummary>, page: Page) => void;
  onDryRunRecords?: RunJobOptions["onDryRunRecords"];
  metrics?: RunJobOptions["metrics"];
  /** Sweep at the end of the run (default true). */
  sweep?: boolean;
  now?: RunJobOptions["now"];
}

/** Where a job's checkpoint lives: `checkpoint.path`, relative to the job file, or ./state/<name>.json. */
export function checkpointStoreFor(loaded: LoadedJob): FileCheckpointStore {
  return new FileCheckpointStore(
    resolve(loaded.baseDir, loaded.job.checkpoint?.path ?? `./state/${loaded.job.name}.json`),
  );
}

/** Connects the job's TAXII source and runs it once with the file checkpoint store. */
export async function runLoadedJob(loaded: LoadedJob, options: RunLoadedJobOptions): Promise<RunSummary> {
  const { sources, close } = await createTaxiiSources(loaded.job.source, {
    logger: options.logger,
    signal: options.signal,
  });
  try {
    return await runJob({
      job: loaded.job,
      baseDir: loaded.baseDir,
      sources,
      connectors: loaded.connectors,
      store: checkpointStoreFor(loaded),
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
  }
}
