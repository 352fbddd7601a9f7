import { resolve } from "node:path";
import { parseDuration } from "../config/units.js";
import { ConfigError } from "../errors/index.js";
import { FileCheckpointStore } from "./file-store.js";
import { DEFAULT_LEASE_TTL_MS } from "./lease-owner.js";
import { PostgresCheckpointStore } from "./postgres/index.js";
import { type SearchAuth, SearchCheckpointStore, type SearchTls } from "./search/index.js";
import type { CheckpointStore } from "./types.js";

/** `checkpoint:` of a job. `file` (the default) keeps `path`; the shared stores take `url` (and `index`, `auth`). */
export interface CheckpointConfig {
  type?: "file" | "postgres" | "elasticsearch" | "opensearch";
  path?: string;
  url?: string;
  index?: string;
  auth?: SearchAuth;
  tls?: SearchTls;
  lease_ttl?: string | number;
}

/** The shortest lease TTL taken (ms): renewals run every TTL/3, and tests use 2 s. */
export const MIN_LEASE_TTL_MS = 1_000;

function leaseTtlMs(config: CheckpointConfig): number {
  if (config.lease_ttl === undefined) return DEFAULT_LEASE_TTL_MS;
  const ms = parseDuration(config.lease_ttl);
  if (ms === undefined || ms < MIN_LEASE_TTL_MS)
    throw new ConfigError(`checkpoint.lease_ttl: give a duration of at least 1s (got ${config.lease_ttl})`, {
      code: "CONFIG_INVALID",
    });
  return ms;
}

/**
 * The store a job's `checkpoint:` names: a file (relative to the job file, default ./state/<name>.json), a
 * PostgreSQL database, or an Elasticsearch/OpenSearch index. Callers `close()` it when done.
 */
export function openCheckpointStore(
  config: CheckpointConfig | undefined,
  defaults: { baseDir: string; job: string },
): CheckpointStore {
  const type = config?.type ?? "file";
  const ttl = leaseTtlMs(config ?? {});
  if (type === "file")
    return new FileCheckpointStore(
      resolve(defaults.baseDir, config?.path ?? `./state/${defaults.job}.json`),
      ttl,
    );
  if (!config?.url)
    throw new ConfigError(`checkpoint.url: the ${type} store needs a URL`, { code: "CONFIG_INVALID" });
  if (type === "postgres") return new PostgresCheckpointStore({ url: config.url, leaseTtlMs: ttl });
  return new SearchCheckpointStore({
    url: config.url,
    leaseTtlMs: ttl,
    ...(config.index ? { index: config.index } : {}),
    ...(config.auth ? { auth: config.auth } : {}),
    ...(config.tls ? { tls: config.tls } : {}),
  });
}
