import type { CollectionCursor } from "../checkpoint/types.js";
import type { JobConfig } from "../config/job.js";
import { type RecordTuple, recordFromTuple, recordToTuple } from "../ioc/record-codec.js";
import type { LineLevel } from "../logging/levels.js";
import type { PreparedPage } from "../pipeline/page-stages.js";

/** What the worker is started with (`workerData`): plain data, cloned once. */
export interface SourceWorkerData {
  job: JobConfig;
  baseDir: string;
  /** The logger's level on the main thread: the worker forwards only lines that level lets through. */
  logLevel: string;
  /** Open the checkpoint store's seen-index when a stream needs one (not in dry runs). */
  seenIndex: boolean;
}

/** Main thread → worker. One poll at a time; `next` asks for one more prepared page (the queue's bound). */
export type ToSourceWorker =
  | { type: "poll"; stream: number; start: CollectionCursor; relayObjects: boolean; leaseOwner?: string }
  | { type: "next" }
  | { type: "end-poll" }
  | { type: "abort" }
  | { type: "close" };

/** Worker → main thread. A page travels as UTF-8 JSON in a transferred buffer, never as a cloned object graph. */
export type FromSourceWorker =
  | { type: "opened"; collections: string[] }
  | { type: "page"; bytes: Uint8Array }
  | { type: "end" }
  | { type: "poll-ended" }
  | { type: "failed"; error: SerializedError }
  | { type: "log"; level: LineLevel; bindings: Record<string, unknown>; fields: unknown; message?: string }
  | { type: "closed" };

/** A thrown error as data: enough to rebuild a TaxiwayError with the same class name, code and retryable flag. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  retryable?: boolean;
  details?: Record<string, unknown>;
  /** The stack in the worker, so a debug log shows where the error was thrown, not where it was rebuilt. */
  stack?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A prepared page as UTF-8 JSON bytes, whose buffer the worker transfers (zero copy) to the main thread. Its records
 * go as tuples (record-codec.ts): no key repeated per record, and each comes back with the shape extraction gave it.
 */
export function encodePreparedPage(page: PreparedPage): Uint8Array {
  return encoder.encode(JSON.stringify({ ...page, kept: page.kept.map(recordToTuple) }));
}

/** The prepared page back from its bytes: one JSON.parse, then each record rebuilt in its one shape. */
export function decodePreparedPage(bytes: Uint8Array): PreparedPage {
  const page = JSON.parse(decoder.decode(bytes)) as Omit<PreparedPage, "kept"> & { kept: RecordTuple[] };
  return { ...page, kept: page.kept.map(recordFromTuple) };
}
