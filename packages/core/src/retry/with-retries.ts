import { AbortedError, isRetryable, TaxiwayError } from "../errors/index.js";
import { backoffDelay, sleep } from "./backoff.js";

export interface RetryOptions {
  /** Tries after the first one. */
  retries: number;
  baseMs?: number;
  maxMs?: number;
  signal?: AbortSignal;
  /** Called before each wait, for logs. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** A server-requested wait (Retry-After) carried by a retryable error, in ms. */
function requestedDelay(error: unknown): number | undefined {
  if (!(error instanceof TaxiwayError)) return undefined;
  const value = error.details.retryAfterMs;
  return typeof value === "number" && value >= 0 ? value : undefined;
}

/**
 * Runs `operation` until it succeeds, fails with a non-retryable error, or the retries run out.
 * Waits with full-jitter backoff, or what the server asked for (Retry-After) when that is longer.
 */
export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw new AbortedError("stopped before the request was sent");
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isRetryable(error) || attempt >= options.retries || options.signal?.aborted) throw error;
      const delay = Math.max(backoffDelay(attempt, options), requestedDelay(error) ?? 0);
      options.onRetry?.(error, attempt + 1, delay);
      await sleep(Math.min(delay, options.maxMs ?? 30_000 * 4), options.signal).catch(() => {
        throw new AbortedError("stopped while waiting to retry");
      });
    }
  }
}
