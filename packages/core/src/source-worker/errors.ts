import { AbortedError, ConfigError, NetworkError, TaxiwayError } from "../errors/index.js";
import type { SerializedError } from "./protocol.js";

/** An error as data for postMessage: class name, message, and for a TaxiwayError its code, retryable flag and details. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof TaxiwayError)
    return {
      name: error.name,
      message: error.message,
      code: error.code,
      retryable: error.retryable,
      details: error.details,
      stack: error.stack,
    };
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: "Error", message: String(error) };
}

/**
 * The error the worker threw, rebuilt on the main thread: the classes the runner and the CLI branch on (ConfigError,
 * AbortedError, NetworkError) come back as themselves, any other TaxiwayError as a TaxiwayError with the same name,
 * code, retryable flag and details, and anything else as a plain Error (reported as UNEXPECTED).
 */
export function rebuildError(error: SerializedError): Error {
  const rebuilt = rebuildClass(error);
  if (error.stack !== undefined) rebuilt.stack = error.stack;
  return rebuilt;
}

function rebuildClass(error: SerializedError): Error {
  if (error.code === undefined) return Object.assign(new Error(error.message), { name: error.name });
  const extra = { code: error.code, details: error.details };
  if (error.name === "ConfigError") return new ConfigError(error.message, extra);
  if (error.name === "AbortedError") return new AbortedError(error.message, extra);
  if (error.name === "NetworkError")
    return new NetworkError(error.message, { ...extra, retryable: error.retryable ?? true });
  const rebuilt = new TaxiwayError(error.message, { ...extra, retryable: error.retryable ?? false });
  rebuilt.name = error.name;
  return rebuilt;
}

/** The source worker died (an uncaught error, out of memory, or it exited) before answering. Exit 1. */
export class SourceWorkerError extends TaxiwayError {
  constructor(message: string, cause?: unknown) {
    super(`the source worker thread failed: ${message}`, {
      code: "SOURCE_WORKER_FAILED",
      retryable: false,
      cause,
    });
  }
}
