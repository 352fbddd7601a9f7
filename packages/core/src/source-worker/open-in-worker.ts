import { existsSync } from "node:fs";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { LoadedJob } from "../config/load.js";
import type { Logger } from "../logging/index.js";
import type { PreparedPage, PreparedPageSource } from "../pipeline/page-stages.js";
import { BUNDLED_SOURCES } from "../source/registry.js";
import { decodePreparedPage, type SourceWorkerData, type ToSourceWorker } from "./protocol.js";
import { WorkerChannel } from "./worker-channel.js";

const MODULE_EXTENSION = extname(fileURLToPath(import.meta.url));
/** The worker's script, beside this module: worker-entry.js in dist/, taxiway-source-worker.mjs in the bundle (scripts/package.mjs). */
const WORKER_URL = new URL(
  MODULE_EXTENSION === ".mjs" ? "./taxiway-source-worker.mjs" : `./worker-entry${MODULE_EXTENSION}`,
  import.meta.url,
);

/** The young generation of the worker's heap, in MiB: the same cap the `taxiway` command gives the main thread. */
const WORKER_YOUNG_GENERATION_MB = 48;

export interface OpenInWorkerOptions {
  logger: Logger;
  signal?: AbortSignal;
  /** Open the checkpoint store's seen-index in the worker when a stream needs one (false in dry runs). */
  seenIndex: boolean;
}

/** The opened source, running in its worker: one PreparedPageSource per stream, and `close` to end the worker. */
export interface SourceInWorker {
  sources: PreparedPageSource[];
  close(): Promise<void>;
}

/**
 * Why a job's source runs on the main thread, or undefined when it runs in the source worker: `delivery.worker` not
 * set to true (the default, see README "End to end" for why), a source that is not bundled (a plugin's code keeps the thread it was written for), or a build without the
 * worker's script (tests running the TypeScript sources).
 */
export function mainThreadReason(loaded: LoadedJob): string | undefined {
  const { job } = loaded;
  if (job.delivery?.worker !== true) return "delivery.worker is not true (the default is false)";
  const bundled = BUNDLED_SOURCES.get(job.source.type);
  if (!bundled || (loaded.source !== undefined && loaded.source !== bundled))
    return `source "${job.source.type}" is not a bundled source`;
  if (MODULE_EXTENSION === ".ts")
    return "taxiway runs from its TypeScript sources (tests): the worker script is built";
  if (!existsSync(WORKER_URL)) return `no source worker script at ${fileURLToPath(WORKER_URL)}`;
  return undefined;
}

/**
 * Starts the source worker (worker-entry.ts) for a loaded job and waits until it opened the source (discovery,
 * collections). Each page then crosses as UTF-8 JSON in a transferred buffer; the main thread asks for one page at a
 * time, so pages in flight stay bounded by the runner's prefetch. Rejects with the error the source's `open` threw
 * (rebuilt: same class name, code, retryable flag), after the worker has ended.
 */
export async function openSourceInWorker(
  loaded: LoadedJob,
  options: OpenInWorkerOptions,
): Promise<SourceInWorker> {
  const data: SourceWorkerData = {
    job: loaded.job,
    baseDir: loaded.baseDir,
    logLevel: options.logger.level,
    seenIndex: options.seenIndex,
  };
  const channel = new WorkerChannel(
    new Worker(WORKER_URL, {
      workerData: data,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    }),
    options.logger,
  );
  const abort = () => channel.send({ type: "abort" });
  options.signal?.addEventListener("abort", abort, { once: true });
  if (options.signal?.aborted) abort();
  const close = async () => {
    options.signal?.removeEventListener("abort", abort);
    await channel.close();
  };
  let collections: string[];
  try {
    collections = (await channel.reply<{ type: "opened"; collections: string[] }>()).collections;
  } catch (error) {
    await close();
    throw error;
  }
  return {
    sources: collections.map((collection, stream) => ({
      collection,
      preparedPages: (start, { relayObjects, leaseOwner }) =>
        preparedPages(channel, { type: "poll", stream, start, relayObjects, leaseOwner }),
    })),
    close,
  };
}

async function* preparedPages(
  channel: WorkerChannel,
  poll: Extract<ToSourceWorker, { type: "poll" }>,
): AsyncGenerator<PreparedPage> {
  channel.send(poll);
  let ended = false;
  try {
    for (;;) {
      const reply = await channel.request<{ type: "page"; bytes: Uint8Array } | { type: "end" }>({
        type: "next",
      });
      if (reply.type === "end") {
        ended = true;
        return;
      }
      yield decodePreparedPage(reply.bytes);
    }
  } finally {
    if (!ended) await channel.request({ type: "end-poll" }).catch(() => {});
  }
}
