import {
  AbortedError,
  allFailed,
  batchBy,
  type CheckResult,
  httpStatusError,
  type IocRecord,
  Limiter,
  type RecordOutcome,
  type Sink,
  type SinkContext,
  SWEEP_SAMPLE_SIZE,
  type SweepRequest,
  type SweepResult,
  transientError,
  type WriteResult,
} from "@taxiway/core";
import type { ResolvedConfig } from "./config.js";
import { outcomesFor, readCapped } from "./response.js";

/**
 * Posts records as JSON batches. The endpoint is expected to upsert by `record.key` and keep the newest
 * `record.modified`, so a re-sent batch never duplicates and an older version never overwrites a newer one.
 * Every request is acknowledged before `write` resolves, so `flush` has nothing left to wait for. `sweep` asks the
 * endpoint to drop what has expired (the endpoint holds state, so expiry must not wait for the feed).
 */
export class ExampleSink implements Sink {
  readonly type = "example-sink";
  readonly #limiter: Limiter;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly context: SinkContext,
  ) {
    this.#limiter = new Limiter(config.maxInFlight);
  }

  async check(): Promise<CheckResult> {
    try {
      const response = await this.#post(`{"records":[]}`);
      const body = await readCapped(response);
      if (response.ok)
        return { ok: true, message: `${this.type}: ${this.config.url.origin} accepts batches` };
      const auth = response.status === 401 || response.status === 403;
      return {
        ok: false,
        message: `${this.type}: ${this.config.url.origin} answered HTTP ${response.status}${auth ? " (credentials rejected)" : ""}`,
        details: { status: response.status, body: body.slice(0, 200), retryable: false },
      };
    } catch (error) {
      return {
        ok: false,
        message: `${this.type}: cannot reach ${this.config.url.origin}: ${(error as Error).message}`,
      };
    }
  }

  async open(): Promise<void> {}

  async write(records: readonly IocRecord[]): Promise<WriteResult> {
    if (this.context.signal.aborted) throw new AbortedError(`${this.type}: aborted`);
    const batches = [
      ...batchBy(records, { maxCount: this.config.batchSize, maxBytes: this.config.maxBytes }, (r) =>
        Buffer.byteLength(JSON.stringify(r)),
      ),
    ];
    const results = await Promise.all(batches.map((batch) => this.#limiter.run(() => this.#send(batch))));
    return { outcomes: results.flatMap((r) => r.outcomes) };
  }

  /**
   * Expiry without the feed (DESIGN.md, Lifecycle): POST `{"sweep": {now, expire_after_ms, dry_run}}`; the endpoint
   * removes every record whose `expires_at` (else `valid_until`) is at or before `now`, or, given
   * `expire_after_ms`, whose `modified` is older than that, and answers `{expired, sample}`. A refusal throws a
   * SinkError (HTTP_<status>, transient for 408/429/5xx); the runner logs it and the next sweep retries.
   */
  async sweep(request: SweepRequest): Promise<SweepResult> {
    const response = await this.#post(
      JSON.stringify({
        sweep: {
          now: new Date(request.now).toISOString(),
          ...(request.expireAfterMs !== undefined ? { expire_after_ms: request.expireAfterMs } : {}),
          dry_run: request.dryRun === true,
        },
      }),
    );
    const body = await readCapped(response);
    if (!response.ok)
      throw httpStatusError(response.status, `${this.type}: sweep refused (HTTP ${response.status})`);
    const answer = JSON.parse(body) as { expired?: number; sample?: string[] };
    return { expired: answer.expired ?? 0, sample: (answer.sample ?? []).slice(0, SWEEP_SAMPLE_SIZE) };
  }

  async flush(): Promise<unknown> {
    return undefined;
  }

  async close(): Promise<void> {}

  async #send(batch: readonly IocRecord[]): Promise<WriteResult> {
    if (this.context.signal.aborted) throw new AbortedError(`${this.type}: aborted`);
    try {
      const response = await this.#post(`{"records":${JSON.stringify(batch)}}`);
      const outcomes: RecordOutcome[] = outcomesFor(
        response.status,
        await readCapped(response),
        batch.length,
      );
      return { outcomes };
    } catch (error) {
      if (this.context.signal.aborted) throw new AbortedError(`${this.type}: aborted`, { cause: error });
      return allFailed(
        batch.length,
        transientError(`${this.type}: request failed: ${(error as Error).message}`, {
          code: "NETWORK",
          cause: error,
        }),
      );
    }
  }

  #post(body: string): Promise<Response> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.config.token) headers.authorization = `Bearer ${this.config.token}`;
    return fetch(this.config.url, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.any([this.context.signal, AbortSignal.timeout(this.config.timeoutMs)]),
    });
  }
}
