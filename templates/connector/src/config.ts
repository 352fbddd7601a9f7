import type { JsonSchema } from "@taxiway/core";

export interface ExampleSinkConfig {
  /** Endpoint that receives `POST {"records": [...]}`. */
  url: string;
  /** Sent as `Authorization: Bearer …`. A secret: never logged. */
  token?: string;
  /** Most records per request. */
  batch_size?: number;
  /** Most bytes of JSON per request. */
  max_bytes?: number;
  /** Most requests in flight at once. */
  max_in_flight?: number;
  timeout_ms?: number;
}

export const configSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["url"],
  properties: {
    url: { type: "string", pattern: "^https?://", description: "Endpoint receiving POST {records: [...]}" },
    token: { type: "string", minLength: 1, "x-secret": true, description: "Bearer token" },
    batch_size: { type: "integer", minimum: 1, maximum: 10000, default: 500 },
    max_bytes: { type: "integer", minimum: 1024, default: 1048576 },
    max_in_flight: { type: "integer", minimum: 1, maximum: 64, default: 2 },
    timeout_ms: { type: "integer", minimum: 100, default: 10000 },
  },
};

export interface ResolvedConfig {
  url: URL;
  token: string | undefined;
  batchSize: number;
  maxBytes: number;
  maxInFlight: number;
  timeoutMs: number;
}

export function resolveConfig(config: ExampleSinkConfig): ResolvedConfig {
  return {
    url: new URL(config.url),
    token: config.token,
    batchSize: config.batch_size ?? 500,
    maxBytes: config.max_bytes ?? 1_048_576,
    maxInFlight: config.max_in_flight ?? 2,
    timeoutMs: config.timeout_ms ?? 10_000,
  };
}
