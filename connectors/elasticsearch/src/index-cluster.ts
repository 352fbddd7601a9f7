import type { CheckResult } from "@taxiway/core";
import type { BulkItem } from "./bulk-items.js";

/** Which search engine a sink writes to: the word its messages start with and the prefix of its error codes. */
export interface SearchProduct {
  /** `elasticsearch`, `opensearch`. */
  name: string;
  /** `ES`, `OPENSEARCH`: error codes read `CONFIG_ES_AUTH`, `ES_RETRY`, … */
  code: string;
}

export const ELASTICSEARCH: SearchProduct = { name: "elasticsearch", code: "ES" };

/**
 * The bulk response cut to what outcomes are judged by (`itemOutcome`: each item's status and error, in order):
 * a full item (index, id, version, result, shards, seq_no) is about 220 bytes against 25, for both sides to write and parse.
 * Elasticsearch and OpenSearch: the common `filter_path` query parameter.
 */
export const BULK_FILTER_PATH = "items.*.status,items.*.error";

/**
 * What the index sink needs from a cluster, so one sink serves Elasticsearch (through the official client) and
 * OpenSearch (whose servers that client refuses). Failed calls throw an error `statusOf` can read.
 */
export interface IndexCluster {
  readonly product: SearchProduct;
  /** PUT an index template (`indexTemplate()`'s shape: its `name`, the rest is the body). */
  putIndexTemplate(template: Record<string, unknown>): Promise<void>;
  /** Creates the index unless it exists (a concurrent creation is fine). */
  ensureIndex(index: string): Promise<void>;
  /** POST /_bulk with an NDJSON body: one item per operation, in order. */
  bulk(body: string, signal: AbortSignal): Promise<BulkItem[]>;
  /** POST a JSON body (or none) to `path` (refresh, search, by-query calls) and read the JSON answer. */
  post(path: string, body: unknown, signal: AbortSignal): Promise<Record<string, unknown>>;
  /** The HTTP status of a failed call, when the cluster answered at all. */
  statusOf(error: unknown): number | undefined;
  check(signal: AbortSignal): Promise<CheckResult>;
  close(): Promise<void>;
}
