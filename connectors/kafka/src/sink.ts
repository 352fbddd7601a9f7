import type { Producer } from "@platformatic/kafka";
import {
  AbortedError,
  allFailed,
  batchBy,
  type CheckResult,
  delivered,
  type IocRecord,
  type RecordOutcome,
  type Sink,
  type SinkContext,
  type WriteResult,
} from "@taxiway/core";
import { adminClient, idempotentProducer } from "./client.js";
import type { ResolvedKafkaConfig } from "./config.js";
import { classifyKafkaError } from "./errors.js";
import { type IocMessage, iocMessage, messageSize } from "./message.js";

/**
 * Writes IOC records as keyed messages to one topic through the idempotent producer (acks=all). `write` resolves
 * once every message of the batch is acknowledged by all in-sync replicas, so `flush` has nothing left to wait for
 * and the checkpoint moves only after Kafka holds the page. Batches go out one produce request at a time, in order,
 * so two versions of one key land in the order the feed gave them.
 */
export class KafkaSink implements Sink {
  readonly type = "kafka";
  private producer: Producer<Buffer, Buffer, Buffer, Buffer> | undefined;
  private closed = false;

  constructor(
    private readonly config: ResolvedKafkaConfig,
    private readonly context: SinkContext,
  ) {}

  async check(): Promise<CheckResult> {
    const where = this.config.brokers.join(",");
    const admin = adminClient(this.config);
    try {
      const topics = await admin.listTopics();
      if (!topics.includes(this.config.topic))
        return {
          ok: false,
          message: `kafka: ${where} has no topic ${this.config.topic} (create it, compacted: cleanup.policy=compact)`,
          details: { code: "KAFKA_UNKNOWN_TOPIC_OR_PARTITION", retryable: false },
          configuration: true,
        };
      return { ok: true, message: `kafka: ${where} accepts the client; topic ${this.config.topic} exists` };
    } catch (error) {
      const failure = classifyKafkaError(error, this.config.topic);
      return {
        ok: false,
        message: `kafka: ${where}: ${failure.error.message}`,
        details: { code: failure.error.code, retryable: failure.kind === "transient" },
        configuration: failure.kind === "configuration",
      };
    } finally {
      await admin.close().catch(() => undefined);
    }
  }

  async open(): Promise<void> {
    if (this.closed) throw new AbortedError("kafka: the sink is closed");
    this.producer ??= idempotentProducer(this.config);
  }

  async write(records: readonly IocRecord[]): Promise<WriteResult> {
    if (this.context.signal.aborted || this.closed) throw new AbortedError("kafka: aborted");
    await this.open();
    const messages = records.map((record) => iocMessage(record, this.config.valueFormat));
    const indexes = records.map((_, index) => index);
    const outcomes = new Array<RecordOutcome>(records.length);
    for (const batch of batchBy(indexes, { maxBytes: this.config.maxBatchBytes }, (i) =>
      messageSize(messages[i] as IocMessage),
    )) {
      const result = await this.send(batch.map((i) => messages[i] as IocMessage));
      batch.forEach((recordIndex, position) => {
        outcomes[recordIndex] = result[position] as RecordOutcome;
      });
    }
    return { outcomes };
  }

  /** Produces one batch; splits it around messages the broker rejects. One outcome per message. */
  private async send(messages: IocMessage[]): Promise<RecordOutcome[]> {
    const producer = this.producer;
    if (!producer) throw new AbortedError("kafka: the sink is closed");
    try {
      await this.untilAborted(
        producer.send({
          messages: messages.map((m) => ({
            topic: this.config.topic,
            key: m.key,
            value: m.value as Buffer,
            // The client's default serializers take header names as bytes too.
            headers: new Map(Object.entries(m.headers).map(([name, value]) => [Buffer.from(name), value])),
          })),
        }),
      );
      return messages.map(() => delivered());
    } catch (error) {
      if (error instanceof AbortedError) throw error;
      const failure = classifyKafkaError(error, this.config.topic);
      if (failure.kind === "configuration") throw failure.error;
      if (failure.kind === "record" && messages.length > 1) {
        const half = Math.ceil(messages.length / 2);
        return [...(await this.send(messages.slice(0, half))), ...(await this.send(messages.slice(half)))];
      }
      return allFailed(messages.length, failure.error).outcomes;
    }
  }

  /** The client takes no AbortSignal: an abort settles the wait at once (the request may still land: at-least-once). */
  private untilAborted<T>(work: Promise<T>): Promise<T> {
    const signal = this.context.signal;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new AbortedError("kafka: aborted while producing"));
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
  }

  /** Every write already waited for acks=all, so there is nothing pending: the page is durable in Kafka. */
  async flush(): Promise<unknown> {
    return undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const producer = this.producer;
    this.producer = undefined;
    await producer?.close(true).catch(() => undefined);
  }
}
