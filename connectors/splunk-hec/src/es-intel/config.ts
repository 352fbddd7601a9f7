import { type JsonSchema, parseDuration } from "@taxiway/core";
import { durationSchema, tlsSchema } from "../shared.js";

/** The `splunk-es-intel` sink keys of a job file. */
export interface SplunkEsIntelConfig {
  /** Management port, e.g. https://splunk.example.com:8089 */
  url: string;
  auth: { token: string } | { username: string; password: string };
  app?: string;
  owner?: string;
  threat_key?: string;
  weight?: number;
  batch_size?: number;
  max_in_flight?: number;
  timeout?: string | number;
  tls?: { ca_file?: string; insecure?: boolean };
}

export const configSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["url", "auth"],
  properties: {
    url: {
      type: "string",
      pattern: "^https?://",
      description: "Splunk management URL (REST API port), e.g. https://es.example.com:8089",
    },
    auth: {
      description: "A Splunk authentication token (sent as Bearer), or a username and password.",
      oneOf: [
        {
          type: "object",
          additionalProperties: false,
          required: ["token"],
          properties: { token: { type: "string", minLength: 1, "x-secret": true } },
        },
        {
          type: "object",
          additionalProperties: false,
          required: ["username", "password"],
          properties: {
            username: { type: "string", minLength: 1 },
            password: { type: "string", minLength: 1, "x-secret": true },
          },
        },
      ],
    },
    app: {
      type: "string",
      minLength: 1,
      default: "SA-ThreatIntelligence",
      description: "App that owns the threat-intelligence KV-store collections.",
    },
    owner: { type: "string", minLength: 1, default: "nobody", description: "KV-store namespace owner." },
    threat_key: {
      type: "string",
      minLength: 1,
      description: "threat_key of every row (default: the job's feed name); ES groups intel by it.",
    },
    weight: {
      type: "integer",
      minimum: 1,
      maximum: 100,
      description: "weight of every row (default: from STIX confidence: 1 below 30, 2 below 70, else 3).",
    },
    batch_size: {
      type: "integer",
      minimum: 1,
      maximum: 1000,
      default: 1000,
      description: "Rows per batch_save (the KV store's max_documents_per_batch_save defaults to 1000).",
    },
    max_in_flight: {
      type: "integer",
      minimum: 1,
      maximum: 16,
      default: 2,
      description: "Concurrent requests.",
    },
    timeout: durationSchema("Request timeout (default 30s)."),
    tls: tlsSchema,
  },
};

export interface ResolvedEsIntelConfig {
  base: URL;
  authorization: string;
  app: string;
  owner: string;
  threatKey?: string;
  weight?: number;
  batchSize: number;
  maxInFlight: number;
  timeoutMs: number;
  tls?: { ca_file?: string; insecure?: boolean };
}

export function resolveEsIntelConfig(config: SplunkEsIntelConfig): ResolvedEsIntelConfig {
  const auth = config.auth;
  return {
    base: new URL(config.url.replace(/\/+$/, "")),
    authorization:
      "token" in auth
        ? `Bearer ${auth.token}`
        : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`,
    app: config.app ?? "SA-ThreatIntelligence",
    owner: config.owner ?? "nobody",
    threatKey: config.threat_key,
    weight: config.weight,
    batchSize: config.batch_size ?? 1000,
    maxInFlight: config.max_in_flight ?? 2,
    timeoutMs: config.timeout === undefined ? 30_000 : (parseDuration(config.timeout) ?? 30_000),
    tls: config.tls,
  };
}
