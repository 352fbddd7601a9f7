// The source worker: runs a job's bundled source (fetch, JSON.parse, paging) and decode → extract → filter on its own
// thread, and hands each prepared page to the main thread as JSON bytes in a transferred buffer. The main thread
// only delivers and commits. Protocol: protocol.ts; the main side: open-in-worker.ts.
import { parentPort, workerData } from "node:worker_threads";
import { type CheckpointStore, openCheckpointStore } from "../checkpoint/index.js";
import type { TlpLevel } from "../ioc/record.js";
import { RecordFilter } from "../pipeline/filters.js";
import { type PrepareContext, type PreparedPage, preparePage } from "../pipeline/page-stages.js";
import { mapEach, prefetch } from "../pipeline/prefetch.js";
import type { OpenedSource, SourceConfig } from "../source/descriptor.js";
import { bundledSource } from "../source/registry.js";
import { serializeError } from "./errors.js";
import { forwardingLogger } from "./forwarding-logger.js";
import {
  encodePreparedPage,
  type FromSourceWorker,
  type SourceWorkerData,
  type ToSourceWorker,
} from "./protocol.js";

const port = parentPort;
if (!port) throw new Error("worker-entry.js runs only as a worker thread");
const data = workerData as SourceWorkerData;
const { job, baseDir } = data;

/** Posts to the main thread; log fields that cannot be cloned go as their JSON form. */
function post(message: FromSourceWorker, transfer: ArrayBuffer[] = []): void {
  try {
    port?.postMessage(message, transfer);
  } catch {
    port?.postMessage(JSON.parse(JSON.stringify(message)));
  }
}

const logger = forwardingLogger(data.logLevel, post);
const controller = new AbortController();
const markings = new Map<string, TlpLevel>();
const filter = new RecordFilter(job.filters);
const objectTypes = job.filters?.object_types ? new Set(job.filters.object_types) : undefined;
let store: CheckpointStore | undefined;
let opened: OpenedSource | undefined;
let pages: AsyncIterator<PreparedPage> | undefined;
let leaseOwner: string | undefined;

async function open(): Promise<void> {
  const descriptor = bundledSource(job.source.type);
  if (!descriptor) throw new Error(`no bundled source "${job.source.type}"`);
  opened = await descriptor.open(job.source as SourceConfig, {
    job: job.name,
    baseDir,
    logger,
    signal: controller.signal,
    ...(data.seenIndex
      ? {
          openSeenIndex: (collection: string) => {
            store ??= openCheckpointStore(job.checkpoint, { baseDir, job: job.name });
            // The main thread holds the job's lease: the seen-index writes only while that owner holds it.
            const index = store.seenIndex?.(job.name, collection, () => leaseOwner);
            if (!index) throw new Error(`the ${job.checkpoint?.type ?? "file"} store keeps no seen-index`);
            return index;
          },
        }
      : {}),
  });
  post({ type: "opened", collections: opened.sources.map((source) => source.collection) });
}

async function handle(message: Exclude<ToSourceWorker, { type: "abort" }>): Promise<void> {
  switch (message.type) {
    case "poll": {
      const source = opened?.sources[message.stream];
      if (!source) throw new Error(`no stream ${message.stream}`);
      leaseOwner = message.leaseOwner;
      const context: PrepareContext = {
        job,
        collection: source.collection,
        filter,
        objectTypes,
        markings,
        logger,
        now: Date.now,
        relayObjects: message.relayObjects,
      };
      // The next response is fetched (and waited for on the server) while this thread prepares the page before.
      const fetched = prefetch(source.pages(message.start, controller.signal), 1);
      pages = mapEach(fetched, (page) => preparePage(page, context))[Symbol.asyncIterator]();
      return;
    }
    case "next": {
      const step = await (pages as AsyncIterator<PreparedPage>).next();
      if (step.done) return post({ type: "end" });
      const bytes = encodePreparedPage(step.value);
      return post({ type: "page", bytes }, [bytes.buffer as ArrayBuffer]);
    }
    case "end-poll":
      await pages?.return?.();
      pages = undefined;
      return post({ type: "poll-ended" });
    case "close":
      await pages?.return?.().catch(() => {});
      await opened?.close();
      await store?.close?.();
      post({ type: "closed" });
      port?.close();
      return;
  }
}

// Requests are handled one at a time, in order; `abort` acts at once, on whatever is in flight.
let queue: Promise<void> = open().catch((error: unknown) =>
  post({ type: "failed", error: serializeError(error) }),
);
port.on("message", (message: ToSourceWorker) => {
  if (message.type === "abort") return controller.abort();
  queue = queue.then(() =>
    handle(message).catch((error: unknown) => post({ type: "failed", error: serializeError(error) })),
  );
});
