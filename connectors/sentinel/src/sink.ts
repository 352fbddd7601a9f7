import {
  AbortedError,
  batchBy,
  type CheckResult,
  ConfigError,
  delivered,
  failed,
  type IocRecord,
  Limiter,
  permanent,
  permanentError,
  type RecordOutcome,
  type Sink,
  type SinkContext,
  TaxiwayError,
  type WriteResult,
} from "@taxiway/core";
import type { ResolvedSentinelConfig } from "./config.js";
import { sentinelIndicator } from "./indicator.js";
import { EntraToken } from "./token.js";
import { upload } from "./upload.js";

/**
 * Uploads IOC records to Microsoft Sentinel as STIX 2.1 indicators, at most `batch_size` (≤ 100, the API's limit)
 * per request, one request at a time (the API allows 100 requests a minute per user; a 429 is a transient outcome
 * whose Retry-After the runner waits out). Objects the API refuses are rejected records (dead-lettered with the
 * API's messages). Sentinel has no acknowledgement beyond the 200, so `flush()` has nothing to wait for.
 */
export class SentinelSink implements Sink {
  readonly type = "sentinel";
  private readonly token: EntraToken;
  private closed = false;
  /** One upload at a time, across concurrent writes too: the API's limit is per user, not per request. */
  private readonly limiter = new Limiter(1);

  constructor(
    private readonly config: ResolvedSentinelConfig,
    private readonly context: SinkContext,
    now?: () => number,
  ) {
    this.token = new EntraToken(config, now);
  }

  /** Token requests made so far (tests). */
  get tokenRequests(): number {
    return this.token.requests;
  }

  async check(): Promise<CheckResult> {
    try {
      await this.token.get(this.context.signal);
      return {
        ok: true,
        message: `sentinel: Microsoft Entra ID at ${this.config.tokenUrl.origin} issued a token; uploads go to ${this.config.uploadUrl.origin}`,
      };
    } catch (error) {
      const typed = error instanceof TaxiwayError ? error : undefined;
      return {
        ok: false,
        message: (error as Error).message,
        details: { code: typed?.code, retryable: typed?.retryable ?? true },
        configuration: error instanceof ConfigError,
      };
    }
  }

  async open(): Promise<void> {}

  async write(records: readonly IocRecord[]): Promise<WriteResult> {
    if (this.context.signal.aborted || this.closed) throw new AbortedError("sentinel: aborted");
    const outcomes = new Array<RecordOutcome>(records.length);
    const sendable: { index: number; object: Record<string, unknown> }[] = [];
    records.forEach((record, index) => {
      const object = sentinelIndicator(record);
      if (object) sendable.push({ index, object });
      else
        outcomes[index] = permanent(
          permanentError(`sentinel: no STIX pattern for a ${record.type} IOC without an original pattern`, {
            code: "SENTINEL_NO_PATTERN",
          }),
        );
    });
    for (const batch of batchBy(sendable, { maxCount: this.config.batchSize })) {
      const verdict = await this.limiter.run(() =>
        upload(
          this.config,
          this.token,
          batch.map((item) => item.object),
          this.context.signal,
        ),
      );
      batch.forEach((item, position) => {
        if (verdict.kind === "failed") outcomes[item.index] = failed(verdict.error);
        else {
          const messages = verdict.rejected.get(position);
          outcomes[item.index] = messages
            ? permanent(
                permanentError(`sentinel: the API refused the indicator: ${messages.join("; ")}`, {
                  code: "SENTINEL_OBJECT_REJECTED",
                  details: { messages },
                }),
              )
            : delivered();
        }
      });
    }
    return { outcomes };
  }

  async flush(): Promise<unknown> {
    return undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
