import type { CheckpointConfig } from "../checkpoint/open-store.js";
import type { TlpLevel } from "../ioc/record.js";
import type { SourceConfig } from "../source/descriptor.js";
import type { TaxiiSourceConfig } from "../taxii/source-config.js";

export type RevokedPolicy = "drop" | "delete";

export interface FilterConfig {
  /** STIX object types to process (default: all). */
  object_types?: string[];
  /** IOC types to keep (default: all). */
  ioc_types?: string[];
  /** Drop IOCs whose confidence is below this (IOCs without confidence are kept). */
  min_confidence?: number;
  /** Drop IOCs marked more restrictively than this TLP. */
  max_tlp?: TlpLevel | "white";
  /** Revoked indicators: forward as deletions (default) or drop. */
  revoked?: RevokedPolicy;
  /** Indicators whose valid_until is past: forward as deletions (default) or drop. */
  expired?: RevokedPolicy;
  /** Expiry for indicators without valid_until, counted from `modified` (e.g. 90d). */
  expire_after?: string | number;
}

export interface SinkConfig {
  type: string;
  /** Id of the sink inside the job (its checkpoint key). Default `sinks[N]`… as `<type>-<N>`. */
  id?: string;
  [key: string]: unknown;
}

export interface JobConfig {
  name: string;
  /** Feed name stamped on records (default: name). */
  feed?: string;
  /** `type: taxii` (TaxiiSourceConfig) or another source's config (its own schema). */
  source: TaxiiSourceConfig | SourceConfig;
  /** `taxiway serve`: when the job runs, in cron syntax (5 fields, or 6 with seconds first; UTC). */
  schedule?: string;
  /** `taxiway serve`: time from the end of one run to the start of the next (instead of `schedule`). */
  interval?: string | number;
  checkpoint?: CheckpointConfig;
  dead_letter?: { path?: string };
  filters?: FilterConfig;
  /** How patterns become IOCs. */
  extract?: { refang?: boolean };
  delivery?: {
    prefetch?: number;
    /** Run a bundled source (fetch, parse, paging, decode, extract, filter) in a worker thread (default false). */
    worker?: boolean;
    retries?: number;
    batch_size?: number;
    /** Group commit: flush the sinks and commit the checkpoint after this many pages or this long (a duration). */
    commit_every?: { pages?: number; interval?: string };
  };
  logging?: {
    level?: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
    format?: "json" | "pretty" | "auto";
  };
  watch?: {
    interval?: string | number;
    jitter?: number;
    grace?: string | number;
    listen?: string;
    /** How often --watch sweeps expired IOCs out of the sinks (default 1h). */
    sweep_interval?: string | number;
  };
  sinks: SinkConfig[];
}

/** True when the job reads a TAXII server (`source.type: taxii`): the commands that speak TAXII need one. */
export function isTaxiiSource(source: JobConfig["source"]): source is TaxiiSourceConfig {
  return source.type === "taxii";
}
