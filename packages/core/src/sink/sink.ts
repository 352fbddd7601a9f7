import type { IocRecord } from "../ioc/record.js";
import type { Logger } from "../logging/index.js";
import type { StixObject } from "../stix/types.js";
import type { WriteResult } from "./outcome.js";
import type { SweepRequest, SweepResult } from "./sweep.js";

export interface CheckResult {
  ok: boolean;
  /** One line a human reads: "elasticsearch 9.1.0 at https://…, can write index iocs". */
  message: string;
  details?: Record<string, unknown>;
  /** The failure is the job's configuration (a path that cannot exist, a wrong index name): `taxiway check` exits 2. */
  configuration?: boolean;
}

/** What the runner hands a sink when it creates it. */
export interface SinkContext {
  /** Job name. */
  job: string;
  /** Id of this sink inside the job (`sinks[1]` or its configured `id`): the key of its state in the checkpoint. */
  sinkId: string;
  logger: Logger;
  /** State this sink returned from its last durable `flush()`, as committed in the checkpoint; undefined on first run. */
  state: unknown;
  /** Directory the job file lives in: relative paths in sink configs resolve against it. */
  baseDir: string;
  /** Aborted when the run must stop: sinks should end in-flight I/O promptly. */
  signal: AbortSignal;
}

/**
 * A destination for IOC records. Lifecycle: `open → write(batch)* → flush → … → close`.
 * Sinks do not retry by themselves: they classify each record's outcome and the runner retries.
 */
export interface Sink {
  readonly type: string;
  /** Connectivity and credentials, without writing anything. */
  check(): Promise<CheckResult>;
  /** Prepare (create index template, open files, truncate torn tails…). Idempotent. */
  open(): Promise<void>;
  /**
   * Send one batch; resolves with an outcome per record. Throw only for failures of the whole batch. A throw means
   * the call took nothing: whatever earlier calls since the last `flush` were given stays held (buffered or sent),
   * so the runner's retry of the batch neither loses those records nor repeats this call's in a log-like sink.
   */
  write(records: readonly IocRecord[]): Promise<WriteResult>;
  /**
   * Optional, for sinks that relay STIX itself (TAXII): the page's decoded objects, handed over before the page's
   * records are written, so `write` can send the originals the records came from. Other sinks never see objects.
   */
  stageObjects?(objects: readonly StixObject[]): void;
  /**
   * Resolve only when everything written so far is durable (fsync, HEC ack, ES bulk settled).
   * Returns the state to store in the checkpoint with the page (e.g. committed file offsets).
   */
  flush(): Promise<unknown>;
  /**
   * Optional (declared by the descriptor's `sweep`): remove, or flag as the sink's revoked/expired setting says,
   * every IOC it holds whose expiry (`expires_at`/`valid_until`, or `modified` + `request.expireAfterMs`) is at or
   * before `request.now`, whether or not the feed sent anything. Durable when it resolves. Called after `open`,
   * outside any page; never with a clock of its own. Throws like `write` does for whole-batch failures.
   */
  sweep?(request: SweepRequest): Promise<SweepResult>;
  /** Flush what is pending and release resources. Idempotent. */
  close(): Promise<void>;
}
