import { ConfigError, SinkError, TaxiwayError } from "../errors/index.js";
import type { IocRecord } from "../ioc/record.js";
import type { Logger } from "../logging/index.js";
import { backoffDelay, sleep } from "../retry/index.js";
import type { Sink } from "../sink/index.js";

/** The longest server-requested wait (a sink error's `retryAfterMs`, from Retry-After) the runner honours. */
const MAX_REQUESTED_WAIT_MS = 120_000;

/** What the sink's destination asked to wait (429/503 Retry-After) before the records are sent again, in ms. */
function requestedWait(error: unknown): number {
  const value = error instanceof TaxiwayError ? error.details.retryAfterMs : undefined;
  return typeof value === "number" && value > 0 ? Math.min(value, MAX_REQUESTED_WAIT_MS) : 0;
}

export interface DeliveryOptions {
  sinkId: string;
  batchSize: number;
  retries: number;
  logger: Logger;
  /** Waits between retries end early when aborted (the page is then failed, not committed). */
  signal?: AbortSignal;
  backoffBaseMs?: number;
}

export interface DeliveryResult {
  delivered: number;
  rejected: Array<{ record: IocRecord; error: SinkError }>;
}

/** Transient failures of every record ran out of retries: the run stops and the checkpoint stays where it was. */
export class DeliveryFailedError extends TaxiwayError {
  constructor(sinkId: string, failed: number, last: unknown) {
    super(
      `sink ${sinkId}: ${failed} record(s) still failing after the retries ran out: ${(last as Error)?.message ?? last}`,
      {
        code: "SINK_RETRIES_EXHAUSTED",
        retryable: false,
        cause: last,
        details: { sink: sinkId, failed },
      },
    );
  }
}

function asSinkError(error: unknown): SinkError {
  if (error instanceof SinkError) return error;
  if (error instanceof TaxiwayError)
    return new SinkError(error.message, { code: error.code, retryable: error.retryable, cause: error });
  return new SinkError(error instanceof Error ? error.message : String(error), {
    code: "SINK_THREW",
    retryable: true,
    cause: error,
  });
}

/**
 * Writes records to one sink in batches. Transient outcomes are retried with backoff (only the failed records);
 * permanent ones are returned for the dead-letter file. A whole-batch throw is retried when retryable (untyped
 * throws count as retryable) and fails the run otherwise. Sinks never retry on their own; this is the one place that does.
 */
export async function deliver(
  sink: Sink,
  records: readonly IocRecord[],
  options: DeliveryOptions,
): Promise<DeliveryResult> {
  const result: DeliveryResult = { delivered: 0, rejected: [] };
  for (let start = 0; start < records.length; start += options.batchSize) {
    let pending = records.slice(start, start + options.batchSize);
    for (let attempt = 0; pending.length > 0; attempt++) {
      let retry: IocRecord[] = [];
      let lastError: unknown;
      try {
        const { outcomes } = await sink.write(pending);
        if (outcomes.length !== pending.length)
          throw new SinkError(
            `sink ${options.sinkId} returned ${outcomes.length} outcomes for ${pending.length} records`,
            {
              code: "SINK_CONTRACT",
              retryable: false,
            },
          );
        outcomes.forEach((outcome, index) => {
          const record = pending[index] as IocRecord;
          if (outcome.status === "delivered") result.delivered++;
          else if (outcome.status === "permanent") result.rejected.push({ record, error: outcome.error });
          else {
            retry.push(record);
            lastError = outcome.error;
          }
        });
      } catch (error) {
        // A whole-batch failure that retrying cannot fix (bad credentials, a broken sink) fails the run:
        // dead-lettering every record would hide it. A configuration error stays one (exit code 2).
        if (error instanceof ConfigError) throw error;
        const typed = asSinkError(error);
        if (!typed.retryable) throw typed;
        retry = pending;
        lastError = typed;
      }
      if (retry.length === 0) break;
      if (attempt >= options.retries) throw new DeliveryFailedError(options.sinkId, retry.length, lastError);
      const delay = Math.max(
        backoffDelay(attempt, { baseMs: options.backoffBaseMs ?? 500, maxMs: 30_000 }),
        requestedWait(lastError),
      );
      options.logger.warn(
        {
          sink: options.sinkId,
          records: retry.length,
          attempt: attempt + 1,
          delayMs: delay,
          err: (lastError as Error)?.message,
        },
        "sink write failed transiently; retrying",
      );
      await sleep(delay, options.signal).catch(() => {
        throw new DeliveryFailedError(options.sinkId, retry.length, lastError);
      });
      pending = retry;
    }
  }
  return result;
}
