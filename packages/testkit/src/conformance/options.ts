import type { ConnectorDescriptor } from "@taxiway/core";
import type { FaultProxy } from "./fault-proxy.js";

/** What a sink holds for one record, as the connector's `readBack` reports it. */
export interface HeldRecord {
  key: string;
  /** The STIX `modified` of the version held. */
  modified?: string;
  /** True when the sink keeps it flagged as revoked/expired instead of removing it (on_revoked: flag). */
  revoked?: boolean;
}

/** Per-case environment: a fresh directory and, for HTTP sinks, the kit's fault proxy in front of the upstream. */
export interface ConformanceEnv {
  baseDir: string;
  /** URL to put in the connector's config instead of the upstream's (HTTP sinks). */
  proxyUrl: string | undefined;
  proxy: FaultProxy | undefined;
}

export interface HttpConformance {
  /** Real upstream the proxy forwards to (a loopback receiver, a real Elasticsearch…). */
  upstream: string | (() => string);
  /** Most requests the sink may have in flight at once, as its docs declare. */
  maxInFlight: number;
  /** Body the proxy answers a fault with (protocol-specific: HEC wants `{text, code}`). */
  faultBody?: (status: number) => unknown;
  /**
   * Makes the next request fail for some records only (an ES bulk response with item errors, say). Omit when the
   * protocol cannot fail per record; the case then checks that a whole-batch failure is reported per record.
   */
  injectPartialFailure?: (proxy: FaultProxy) => void;
}

export interface SinkConformanceOptions<Config> {
  descriptor: ConnectorDescriptor<Config>;
  /** A working config for this environment. */
  config: (env: ConformanceEnv) => Config | Promise<Config>;
  /** A config whose credentials (or destination) are wrong: `check()` must say so without throwing a retryable error. */
  badConfig: (env: ConformanceEnv) => Config | Promise<Config>;
  /** Every record the sink currently holds, after the sink was closed. */
  readBack: (env: ConformanceEnv, config: Config) => Promise<HeldRecord[]>;
  /** Clear the backend before each case (delete the index…). */
  reset?: (env: ConformanceEnv) => Promise<void>;
  /** Config paths that hold secrets ("token", "auth.password"): the schema must mark them `"x-secret": true`. */
  secrets?: string[];
  /**
   * `keyed`: one entry per key, the newest `modified` wins (ES, webhook upserts). `log`: an append log (CSV
   * append): every version is kept in arrival order and the "newer wins" case checks nothing is lost or repeated.
   * `at-least-once`: an append log without idempotent writes (Splunk HEC): a page re-sent after a crash may appear
   * twice (consumers dedupe by key), but nothing is lost.
   */
  semantics: "keyed" | "log" | "at-least-once";
  http?: HttpConformance;
  /** Records for the memory case (default 100 000) and allowed heap growth in MiB (default 48). */
  memory?: { records?: number; maxGrowthMb?: number; batchSize?: number };
  /** Upper bound for how long an aborted write may take to settle (default 2000 ms). */
  abortWithinMs?: number;
}
