import { SinkError } from "../errors/index.js";
import type { RecordOutcome, WriteResult } from "./outcome.js";

interface SinkErrorFacts {
  /** Stable machine-readable code, e.g. `HTTP_429`, `ES_VERSION_CONFLICT`, `HEC_INVALID_TOKEN`. */
  code: string;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** A failure the runner should retry later (throttled, busy, connection reset). */
export function transientError(message: string, facts: SinkErrorFacts): SinkError {
  return new SinkError(message, { ...facts, retryable: true });
}

/** A failure retrying cannot fix (rejected document, bad mapping): the record goes to the dead letter. */
export function permanentError(message: string, facts: SinkErrorFacts): SinkError {
  return new SinkError(message, { ...facts, retryable: false });
}

export function transient(error: SinkError): RecordOutcome {
  return { status: "transient", error };
}

export function permanent(error: SinkError): RecordOutcome {
  return { status: "permanent", error };
}

/** The outcome for a record that failed with `error`, by its `retryable` flag. */
export function failed(error: SinkError): RecordOutcome {
  return error.retryable ? transient(error) : permanent(error);
}

/** Every record of a batch of `count` failed the same way (e.g. the whole request got a 503). */
export function allFailed(count: number, error: SinkError): WriteResult {
  return { outcomes: new Array<RecordOutcome>(count).fill(failed(error)) };
}

/**
 * Classifies an HTTP status for a whole request: 408, 425, 429 and 5xx are transient, other 4xx permanent.
 * Connectors with richer knowledge (HEC codes, ES item errors) refine this.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

export function httpStatusError(
  status: number,
  message: string,
  details: Record<string, unknown> = {},
): SinkError {
  const facts = { code: `HTTP_${status}`, details: { status, ...details } };
  return isRetryableStatus(status) ? transientError(message, facts) : permanentError(message, facts);
}

/** Counts outcomes by status, for logs and summaries. */
export function summarizeOutcomes(result: WriteResult): {
  delivered: number;
  transient: number;
  permanent: number;
} {
  const summary = { delivered: 0, transient: 0, permanent: 0 };
  for (const outcome of result.outcomes) summary[outcome.status]++;
  return summary;
}
