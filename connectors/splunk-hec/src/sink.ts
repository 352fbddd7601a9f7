import { randomUUID } from "node:crypto";
import {
  AbortedError,
  allFailed,
  batchBy,
  type CheckResult,
  delivered,
  type IocRecord,
  Limiter,
  permanent,
  permanentError,
  type RecordOutcome,
  type Sink,
  type SinkContext,
  sleep,
  transientError,
  type WriteResult,
} from "@taxiway/core";
import type { ResolvedConfig } from "./config.js";
import { hecEvent } from "./event.js";
import { HecClient } from "./hec-client.js";
import { HecConfigError, judge } from "./hec-response.js";

const EVENT_PATH = "/services/collector/event";
const ACK_PATH = "/services/collector/ack";
const ACK_POLL_MS = 200;
const MAX_ACK_RESENDS = 3;

interface PendingAck {
  events: string[];
  sentAt: number;
  resends: number;
}

/**
 * Sends IOC records as HEC events: batches cut below `max_batch_bytes`, gzip'ed, at most `max_in_flight` at once.
 * With `ack: true` a batch only counts once Splunk reports its ackId indexed: `flush()` waits for every pending
 * ackId, resends batches whose ack did not come within `ack_timeout`, and fails (so the checkpoint does not move)
 * when they still do not come.
 */
export class SplunkHecSink implements Sink {
  readonly type = "splunk-hec";
  private readonly client: HecClient;
  private readonly limiter: Limiter;
  private readonly pending = new Map<number, PendingAck>();
  private closed = false;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly context: SinkContext,
  ) {
    this.client = new HecClient(config, randomUUID());
    this.limiter = new Limiter(config.maxInFlight);
  }

  async check(): Promise<CheckResult> {
    const where = this.config.base.origin;
    try {
      const health = await this.client.get("/services/collector/health");
      if (health.status === 503)
        return {
          ok: false,
          message: `splunk-hec: ${where} is unhealthy (queues full)`,
          details: { retryable: true },
        };
      // An empty POST proves the token without writing anything: Splunk answers "No data" (code 5) to a valid token.
      const probe = await this.client.post(EVENT_PATH, "");
      if (probe.answer.code === 5 || probe.answer.code === 0)
        return {
          ok: true,
          message: `splunk-hec: ${where} accepts the token${this.config.ack ? " (indexer acknowledgement on)" : ""}`,
        };
      try {
        judge(probe.status, probe.answer, { index: this.config.index, url: where });
      } catch (error) {
        return {
          ok: false,
          message: `splunk-hec: ${(error as Error).message}`,
          details: { code: (error as HecConfigError).code, retryable: false },
        };
      }
      return {
        ok: false,
        message: `splunk-hec: ${where} answered HTTP ${probe.status}: ${probe.answer.text ?? ""}`,
      };
    } catch (error) {
      return { ok: false, message: `splunk-hec: cannot reach ${where}: ${(error as Error).message}` };
    }
  }

  async open(): Promise<void> {}

  async write(records: readonly IocRecord[]): Promise<WriteResult> {
    if (this.context.signal.aborted) throw new AbortedError("splunk-hec: aborted");
    const events = records.map((record) => hecEvent(record, this.config));
    const indexes = records.map((_, index) => index);
    const batches = [
      ...batchBy(indexes, { maxBytes: this.config.maxBatchBytes }, (i) => (events[i] as string).length + 1),
    ];
    const outcomes = new Array<RecordOutcome>(records.length);
    await Promise.all(
      batches.map((batch) =>
        this.limiter.run(async () => {
          const result = await this.send(batch.map((i) => events[i] as string));
          batch.forEach((recordIndex, position) => {
            outcomes[recordIndex] = result[position] as RecordOutcome;
          });
        }),
      ),
    );
    return { outcomes };
  }

  /** Sends one batch; splits it on 413 and around an event Splunk rejects. One outcome per event. */
  private async send(events: string[]): Promise<RecordOutcome[]> {
    if (events.length === 0) return [];
    if (this.config.ack) await this.waitForRoom();
    let answer: Awaited<ReturnType<HecClient["post"]>>;
    try {
      answer = await this.client.post(EVENT_PATH, events.join("\n"), this.context.signal);
    } catch (error) {
      if (this.context.signal.aborted) throw new AbortedError("splunk-hec: aborted", { cause: error });
      return allFailed(
        events.length,
        transientError(`splunk-hec: request failed: ${(error as Error).message}`, {
          code: "NETWORK",
          cause: error,
        }),
      ).outcomes;
    }
    const verdict = judge(answer.status, answer.answer, {
      index: this.config.index,
      url: this.config.base.origin,
    });
    switch (verdict.kind) {
      case "ok":
        if (this.config.ack) {
          if (verdict.ackId === undefined)
            throw new HecConfigError(
              `Splunk HEC at ${this.config.base.origin}: acknowledgement is disabled for this token (no ackId in the answer) — set ack: false on the sink`,
              "HEC_ACK_DISABLED",
            );
          this.pending.set(verdict.ackId, { events, sentAt: Date.now(), resends: 0 });
        }
        return events.map(() => delivered());
      case "transient":
        return allFailed(events.length, verdict.error).outcomes;
      case "too-large": {
        if (events.length === 1)
          return [
            permanent(
              permanentError("splunk-hec: one event is larger than the server accepts (413)", {
                code: "HEC_413",
              }),
            ),
          ];
        const half = Math.ceil(events.length / 2);
        return [...(await this.send(events.slice(0, half))), ...(await this.send(events.slice(half)))];
      }
      case "invalid-event": {
        // Splunk indexed the events before the bad one; the bad one is dead-lettered; the rest go again.
        const bad = Math.min(Math.max(verdict.index, 0), events.length - 1);
        const before = events.slice(0, bad).map(() => delivered());
        const rest = await this.send(events.slice(bad + 1));
        return [...before, { status: "permanent", error: verdict.error }, ...rest];
      }
    }
  }

  private async waitForRoom(): Promise<void> {
    while (this.pending.size >= this.config.maxPendingAcks) {
      await this.pollAcks();
      if (this.pending.size >= this.config.maxPendingAcks) await sleep(ACK_POLL_MS, this.context.signal);
    }
  }

  /** Asks Splunk which pending ackIds are indexed; resends batches whose ack is overdue. */
  private async pollAcks(): Promise<void> {
    if (this.pending.size === 0) return;
    const ids = [...this.pending.keys()];
    const { status, answer } = await this.client.post(
      ACK_PATH,
      JSON.stringify({ acks: ids }),
      undefined,
      false,
    );
    if (status !== 200) judge(status, answer, { index: this.config.index, url: this.config.base.origin });
    const acks = (answer as { acks?: Record<string, boolean> }).acks ?? {};
    for (const id of ids) if (acks[String(id)] === true) this.pending.delete(id);
    const now = Date.now();
    // An overdue batch stays pending until a resend is accepted: when the resend fails (or the resends run out),
    // the throw fails the write or the flush, and the batch is still there for the next poll or a later run.
    for (const [id, entry] of [...this.pending]) {
      if (now - entry.sentAt < this.config.ackTimeoutMs) continue;
      if (entry.resends >= MAX_ACK_RESENDS)
        throw transientError(
          `splunk-hec: ${entry.events.length} events not acknowledged after ${MAX_ACK_RESENDS} resends`,
          { code: "HEC_ACK_TIMEOUT" },
        );
      this.context.logger.warn(
        { ackId: id, events: entry.events.length },
        "splunk-hec: ack overdue; resending the batch",
      );
      const { status: resendStatus, answer: resendAnswer } = await this.client.post(
        EVENT_PATH,
        entry.events.join("\n"),
      );
      const verdict = judge(resendStatus, resendAnswer, {
        index: this.config.index,
        url: this.config.base.origin,
      });
      if (verdict.kind !== "ok" || verdict.ackId === undefined)
        throw transientError(`splunk-hec: resending unacknowledged events failed: HTTP ${resendStatus}`, {
          code: "HEC_RESEND",
        });
      this.pending.delete(id);
      this.pending.set(verdict.ackId, {
        events: entry.events,
        sentAt: Date.now(),
        resends: entry.resends + 1,
      });
    }
  }

  async flush(): Promise<unknown> {
    while (this.pending.size > 0) {
      await this.pollAcks();
      if (this.pending.size > 0) await sleep(ACK_POLL_MS, this.context.signal);
    }
    return undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (!this.context.signal.aborted) await this.flush();
    } finally {
      await this.client.close();
    }
  }
}
