import { readFileSync } from "node:fs";
import { Client, errors } from "@elastic/elasticsearch";
import type { ElasticsearchSinkConfig } from "./config.js";

/**
 * The official client, with retries off (the runner retries, uniformly, per record) and TLS verification on unless
 * the job opts out.
 */
export function clientFor(config: ElasticsearchSinkConfig): Client {
  const auth = config.auth;
  return new Client({
    ...(config.cloud_id
      ? { cloud: { id: config.cloud_id } }
      : { nodes: config.nodes ?? [config.node ?? "http://127.0.0.1:9200"] }),
    ...(auth
      ? {
          auth:
            "api_key" in auth
              ? { apiKey: auth.api_key }
              : "bearer" in auth
                ? { bearer: auth.bearer }
                : { username: auth.username, password: auth.password },
        }
      : {}),
    ...(config.tls?.ca_fingerprint ? { caFingerprint: config.tls.ca_fingerprint } : {}),
    tls: {
      rejectUnauthorized: !(config.tls?.insecure ?? false),
      ...(config.tls?.ca_file ? { ca: readFileSync(config.tls.ca_file) } : {}),
    },
    requestTimeout: config.request_timeout ?? 60_000,
    maxRetries: 0,
  });
}

/** The HTTP status of a failed client call, when the cluster answered at all. */
export function statusOf(error: unknown): number | undefined {
  return error instanceof errors.ResponseError ? error.statusCode : undefined;
}
