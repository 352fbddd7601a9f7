import { ecsDocument } from "@taxiway/connector-elasticsearch";
import { hecEventFields } from "@taxiway/connector-splunk-hec";
import type { IocRecord } from "@taxiway/core";

/** Header names every message carries, so consumers route and dedupe without parsing the value. */
export const HEADERS = {
  feed: "taxiway-feed",
  stixId: "stix-id",
  modified: "taxiway-modified",
  action: "taxiway-action",
} as const;

/** One Kafka message: key bytes, value bytes (null: a tombstone), headers. */
export interface IocMessage {
  key: Buffer;
  value: Buffer | null;
  headers: Record<string, Buffer>;
}

/**
 * The message of one IOC record: keyed by `record.key` so a compacted topic holds one current value per IOC; a
 * delete (revoked, expired) is a tombstone (null value), which compaction removes after `delete.retention.ms`. The
 * value is the HEC event fields or the ECS document, the shapes the Splunk HEC and Elasticsearch sinks write.
 */
export function iocMessage(record: IocRecord, format: "hec" | "ecs"): IocMessage {
  const headers: Record<string, Buffer> = {
    [HEADERS.feed]: Buffer.from(record.source_feed),
    [HEADERS.stixId]: Buffer.from(record.stix_id),
    [HEADERS.action]: Buffer.from(record.action),
  };
  if (record.modified) headers[HEADERS.modified] = Buffer.from(record.modified);
  const value =
    record.action === "delete"
      ? null
      : Buffer.from(JSON.stringify(format === "ecs" ? ecsDocument(record) : hecEventFields(record)));
  return { key: Buffer.from(record.key), value, headers };
}

/** Bytes a message adds to a produce request (key, value, headers, and a little record overhead). */
export function messageSize(message: IocMessage): number {
  let size = 32 + message.key.length + (message.value?.length ?? 0);
  for (const [name, value] of Object.entries(message.headers)) size += name.length + value.length + 4;
  return size;
}
