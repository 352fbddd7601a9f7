import { randomUUID } from "node:crypto";
import { Admin, Consumer } from "@platformatic/kafka";
import { findInstalledPeer, type KafkaPeer, startKafkaPeer } from "@taxiway/testkit/fixtures";

export const KAFKA_VERSION = "4.1.1";

/** SASL users of the test broker (PLAIN and SCRAM-SHA-256/512 for each). */
export const SASL_USER = { username: "taxiway-producer", password: "producer-secret-1" };

/** A one-node KRaft broker from test/peers/install.d/kafka.sh, or a skip reason (an error under CI=true). */
export async function startBroker(): Promise<KafkaPeer | { skip: string }> {
  const dir = findInstalledPeer(`kafka-${KAFKA_VERSION}`, ".taxiway-installed");
  if (typeof dir !== "string") return dir;
  return startKafkaPeer({ dir, saslUsers: { [SASL_USER.username]: SASL_USER.password }, tls: true });
}

/** Creates a topic (compacted unless told otherwise) with one partition, as the connector's README advises. */
export async function createTopic(
  bootstrap: string,
  topic: string,
  options: { compacted?: boolean; partitions?: number } = {},
): Promise<void> {
  const admin = new Admin({ clientId: "taxiway-test-admin", bootstrapBrokers: [bootstrap] });
  try {
    await admin.createTopics({
      topics: [topic],
      partitions: options.partitions ?? 1,
      replicas: 1,
      configs: options.compacted === false ? [] : [{ name: "cleanup.policy", value: "compact" }],
    });
  } finally {
    await admin.close();
  }
}

export interface ReadMessage {
  key: string;
  /** Parsed JSON value; null for a tombstone. */
  value: Record<string, unknown> | null;
  headers: Record<string, string>;
  partition: number;
  offset: bigint;
}

/** Every message the topic holds now, in offset order per partition (a fresh consumer group, nothing committed). */
export async function readTopic(bootstrap: string, topic: string): Promise<ReadMessage[]> {
  const consumer = new Consumer<Buffer, Buffer, Buffer, Buffer>({
    clientId: "taxiway-test-reader",
    groupId: `taxiway-test-${randomUUID()}`,
    bootstrapBrokers: [bootstrap],
  });
  try {
    const ends = (await consumer.listOffsets({ topics: [topic] })).get(topic) ?? [];
    const remaining = new Set(ends.flatMap((end, partition) => (end > 0n ? [partition] : [])));
    if (remaining.size === 0) return [];
    const stream = await consumer.consume({
      topics: [topic],
      mode: "earliest",
      autocommit: false,
      maxWaitTime: 200,
    });
    const messages: ReadMessage[] = [];
    for await (const message of stream) {
      messages.push({
        key: message.key.toString(),
        value: message.value && message.value.length > 0 ? JSON.parse(message.value.toString()) : null,
        headers: Object.fromEntries([...message.headers].map(([k, v]) => [k.toString(), v.toString()])),
        partition: message.partition,
        offset: message.offset,
      });
      if (message.offset >= (ends[message.partition] ?? 0n) - 1n) remaining.delete(message.partition);
      if (remaining.size === 0) break;
    }
    await stream.close();
    return messages;
  } finally {
    await consumer.close(true);
  }
}

/** What a compacted topic converges to: the last message per key, keys whose last message is a tombstone gone. */
export function latestPerKey(messages: readonly ReadMessage[]): Map<string, ReadMessage> {
  const latest = new Map<string, ReadMessage>();
  for (const message of messages) {
    if (message.value === null) latest.delete(message.key);
    else latest.set(message.key, message);
  }
  return latest;
}

/**
 * The consumer contract of the README for topics that may receive an older version after a newer one (Kafka has no
 * conditional write): per key, the message with the greatest `taxiway-modified` header wins, a later offset
 * breaking ties; a winning tombstone removes the key.
 */
export function newestPerKey(messages: readonly ReadMessage[]): Map<string, ReadMessage> {
  const newest = new Map<string, ReadMessage>();
  for (const message of messages) {
    const held = newest.get(message.key);
    const modified = message.headers["taxiway-modified"] ?? "";
    if (!held || modified >= (held.headers["taxiway-modified"] ?? "")) newest.set(message.key, message);
  }
  for (const [key, message] of newest) if (message.value === null) newest.delete(key);
  return newest;
}

/** How many messages the topic's partitions have been given (the sum of their end offsets). */
export async function endOffset(bootstrap: string, topic: string): Promise<bigint> {
  const consumer = new Consumer({
    clientId: "taxiway-test-offsets",
    groupId: `taxiway-test-${randomUUID()}`,
    bootstrapBrokers: [bootstrap],
  });
  try {
    return ((await consumer.listOffsets({ topics: [topic] })).get(topic) ?? []).reduce((a, b) => a + b, 0n);
  } finally {
    await consumer.close(true);
  }
}
