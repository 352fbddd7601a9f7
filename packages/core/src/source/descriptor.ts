import type { Logger } from "../logging/index.js";
import type { JsonSchema } from "../sink/index.js";
import type { PageSource } from "../taxii/page.js";
import type { SeenIndex } from "../taxii/paging/seen-index.js";

/**
 * A job's `source:` section after interpolation: `type` names the source, the rest is that source's own keys
 * (its `configSchema`).
 */
export interface SourceConfig {
  type: string;
  [key: string]: unknown;
}

/** What the runner hands a source when it opens it. */
export interface SourceContext {
  /** Job name. */
  job: string;
  logger: Logger;
  /** Aborted when the run must stop: sources should end in-flight I/O promptly. */
  signal?: AbortSignal;
  /** Directory the job file lives in: relative paths in the source config resolve against it. */
  baseDir: string;
  /**
   * SQLite file a source may keep a seen-index in (object versions already delivered, rolled back to the committed
   * generation on start). Absent in dry runs and `check`: keep such state in memory for one run only.
   */
  seenIndexPath?: string;
  /**
   * The seen-index the job's checkpoint store keeps for a stream key (SQLite beside a file checkpoint, a table in
   * PostgreSQL, an index in Elasticsearch). Takes precedence over `seenIndexPath`; absent in dry runs and `check`.
   */
  openSeenIndex?: (key: string) => SeenIndex;
}

/**
 * An opened source: one PageSource per stream (a TAXII collection, a bundle file, a MISP feed), each keyed in the
 * checkpoint by its `collection` name. Its pages carry the cursor to commit after every sink acknowledged them:
 * TAXII keeps its `added_after` cursor, other sources keep an opaque `state` object in the same cursor record.
 */
export interface OpenedSource {
  sources: PageSource[];
  close(): Promise<void>;
}

/**
 * What a source package exports (as `source`, or `default`), the producer-side twin of ConnectorDescriptor. The job
 * names it by `source.type`: a bundled type (`taxii`, `stix-bundle`, `misp-feed`), a package name or a path.
 */
export interface SourceDescriptor<Config = SourceConfig> {
  /** The `source.type` a job uses. */
  type: string;
  /** Source version, for logs. */
  version: string;
  /** Semver range of @taxiway/core this source was written against, e.g. `^0.1.0`. */
  coreVersion: string;
  /** JSON Schema of the source's config, without `type` (the schema assembly adds it). `additionalProperties: false`. */
  configSchema: JsonSchema;
  /** Connects (resolves collections, lists files, reads a manifest) and returns the streams to poll. */
  open(config: Config, context: SourceContext): Promise<OpenedSource>;
  /** One line a person reads for `taxiway check` (`source https://…`). Default: the type. */
  describe?(config: Config): string;
}

/** Identity helper that types a source descriptor. */
export function defineSource<Config>(descriptor: SourceDescriptor<Config>): SourceDescriptor<Config> {
  return descriptor;
}
