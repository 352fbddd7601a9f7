import type { Sink, SinkContext } from "./sink.js";

/** A JSON Schema object (draft 2020-12 subset that ajv understands). Mark secret properties with `"x-secret": true`. */
export type JsonSchema = Record<string, unknown>;

/**
 * What a connector package exports (as `default` or as `connector`). The runner finds bundled connectors by
 * `type`, third-party ones by package name or file path.
 */
export interface ConnectorDescriptor<Config = Record<string, unknown>> {
  /** The `type:` a job uses to name this sink. */
  type: string;
  /** Connector version, for logs. */
  version: string;
  /** Semver range of @taxiway/core this connector was written against, e.g. `^0.1.0`. */
  coreVersion: string;
  /** JSON Schema of the sink's config, without `type` (the runner adds it). `additionalProperties: false`. */
  configSchema: JsonSchema;
  create(config: Config, context: SinkContext): Sink;
  /**
   * True when delivering a record a second time adds a second copy (CSV append files, Splunk HEC events) instead of
   * replacing the first. `taxiway run --reset` refuses a job with such a sink unless `--force` is given. Default:
   * writes are keyed (a replay overwrites), as for Elasticsearch `_id`s and KV store keys.
   */
  appendsOnReplay?(config: Config): boolean;
  /**
   * True when sinks made from this config implement `Sink.sweep` (expiry without the feed: DESIGN.md, Lifecycle), so
   * `taxiway sweep` and the end-of-run sweep reach them and the conformance kit ages records through them. Default:
   * the sink holds no state to sweep (an event stream such as Splunk HEC).
   */
  sweep?(config: Config): boolean;
}

export function defineConnector<Config>(
  descriptor: ConnectorDescriptor<Config>,
): ConnectorDescriptor<Config> {
  return descriptor;
}
