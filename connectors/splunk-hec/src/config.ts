import { type JsonSchema, parseDuration, sizeSchema, sizeSetting } from "@taxiway/core";
import { durationSchema, tlsSchema } from "./shared.js";

/** The `splunk-hec` sink keys of a job file. */
export interface SplunkHecConfig {
  url: string;
  token: string;
  index?: string;
  sourcetype?: string;
  source?: string;
  host?: string;
  ack?: boolean;
  gzip?: boolean;
  max_batch_bytes?: number | string;
  max_in_flight?: number;
  max_pending_acks?: number;
  ack_timeout?: string | number;
  timeout?: string | number;
  tls?: { ca_file?: string; insecure?: boolean };
  fields?: Record<string, string | string[]>;
}

export const configSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["url", "token"],
  properties: {
    url: {
      type: "string",
      pattern: "^https?://",
      description: "HEC base URL, e.g. https://splunk.example.com:8088",
    },
    token: {
      type: "string",
      minLength: 1,
      "x-secret": true,
      description: "HEC token (sent as Authorization: Splunk <token>).",
    },
    index: {
      type: "string",
      minLength: 1,
      description: "Target index (default: the token's default index).",
    },
    sourcetype: {
      type: "string",
      minLength: 1,
      default: "taxiway:ioc",
      description: "Sourcetype of the events.",
    },
    source: {
      type: "string",
      minLength: 1,
      default: "taxiway",
      description: "Source of the events (default: taxiway:<job>).",
    },
    host: { type: "string", minLength: 1, description: "Host field of the events." },
    ack: {
      type: "boolean",
      default: false,
      description: "Indexer acknowledgement: a page counts only once Splunk says it is indexed.",
    },
    gzip: { type: "boolean", default: true, description: "Compress request bodies." },
    max_batch_bytes: {
      ...sizeSchema("Largest request body before compression, 1kb to 100mb (Splunk Cloud caps at 1 MB)."),
      default: 900_000,
    },
    max_in_flight: {
      type: "integer",
      minimum: 1,
      maximum: 32,
      default: 2,
      description: "Concurrent requests.",
    },
    max_pending_acks: {
      type: "integer",
      minimum: 1,
      maximum: 1000,
      default: 16,
      description: "Requests awaiting acknowledgement before writes wait (backpressure).",
    },
    ack_timeout: durationSchema("How long to wait for an ackId before resending its events (default 60s)."),
    timeout: durationSchema("Request timeout (default 30s)."),
    tls: tlsSchema,
    fields: {
      type: "object",
      description: "Indexed fields added to every event: string or list-of-string values only.",
      additionalProperties: { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] },
    },
  },
};

export interface ResolvedConfig {
  base: URL;
  token: string;
  index?: string;
  sourcetype: string;
  source: string;
  host?: string;
  ack: boolean;
  gzip: boolean;
  maxBatchBytes: number;
  maxInFlight: number;
  maxPendingAcks: number;
  ackTimeoutMs: number;
  timeoutMs: number;
  tls?: { ca_file?: string; insecure?: boolean };
  fields?: Record<string, string | string[]>;
}

export function resolveConfig(config: SplunkHecConfig, job: string): ResolvedConfig {
  return {
    base: new URL(config.url.replace(/\/+$/, "")),
    token: config.token,
    index: config.index,
    sourcetype: config.sourcetype ?? "taxiway:ioc",
    source: config.source ?? `taxiway:${job}`,
    host: config.host,
    ack: config.ack ?? false,
    gzip: config.gzip ?? true,
    maxBatchBytes: sizeSetting(config.max_batch_bytes, "max_batch_bytes", {
      min: 1024,
      max: 100_000_000,
      fallback: 900_000,
    }),
    maxInFlight: config.max_in_flight ?? 2,
    maxPendingAcks: config.max_pending_acks ?? 16,
    ackTimeoutMs: config.ack_timeout === undefined ? 60_000 : (parseDuration(config.ack_timeout) ?? 60_000),
    timeoutMs: config.timeout === undefined ? 30_000 : (parseDuration(config.timeout) ?? 30_000),
    tls: config.tls,
    fields: config.fields,
  };
}
