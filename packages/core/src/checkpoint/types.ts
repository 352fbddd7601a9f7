import type { LeaseHolder } from "../errors/index.js";
import type { SeenIndex } from "../taxii/paging/seen-index.js";

/** Where one collection's polling stands. Everything here came from the server, never from the local clock. */
export interface CollectionCursor {
  /** The `added_after` to send on the next poll: X-TAXII-Date-Added-Last (or the greatest date_added seen). */
  added_after?: string;
  /** Ids (id@version) already delivered whose date_added equals `added_after`: dropped when re-queried with overlap. */
  boundary_ids?: string[];
  /** True when every object at `added_after` is known delivered: the next poll asks strictly after it. */
  boundary_complete?: boolean;
  /** How the cursor is kept (header, manifest or seen-index); demoted when the server's habits require it. */
  strategy?: "header" | "manifest" | "seen-index";
  /** seen-index: the generation of the last committed page; rows written after it are rolled back on start. */
  seen_generation?: number;
  /** A `next` token to resume mid-poll, only when the server's tokens are known to survive between runs. */
  next?: string;
  /**
   * The cursor of a source that is not TAXII (a bundle file's content hash and position, a MISP feed's event
   * timestamps): opaque to the runner, read back by the source that wrote it. TAXII cursors never carry it, so a
   * checkpoint written before sources were plugins loads unchanged.
   */
  state?: Record<string, unknown>;
}

export interface CheckpointDocument {
  format: 1;
  job: string;
  /** Incremented on every commit; compare-and-set checks it. */
  revision: number;
  updated_at: string;
  /** Per collection (as configured), its cursor. */
  collections: Record<string, CollectionCursor>;
  /** Per sink id, what its last durable flush returned. */
  sinks: Record<string, unknown>;
  last_run?: Record<string, unknown>;
}

export interface CheckpointLock {
  release(): Promise<void>;
}

/**
 * A lease on one job: at most one worker anywhere holds a live one. It runs out at `expiresAt` unless renewed; a
 * worker that dies simply stops renewing, and after the store's lease TTL another worker may take it over.
 */
export interface CheckpointLease extends CheckpointLock {
  /** Who holds it: `host:pid:random`, unique per acquisition. */
  readonly owner: string;
  /** When it runs out unless renewed (RFC 3339, by the store's clock). */
  readonly expiresAt: string | undefined;
  /** The TTL a renewal extends it by, in ms. */
  readonly ttlMs: number;
  /** Extends it by the TTL; throws LeaseLostError when another worker took it over (or it was removed). */
  renew(): Promise<void>;
  /** Gives it up (only if still held by this owner); idempotent, never throws for a lost lease. */
  release(): Promise<void>;
}

/** Whom a commit is made for: with it, the store refuses the commit unless this owner still holds the lease. */
export interface CommitAuthority {
  owner: string;
}

/** The next state of a job, without the fields the store stamps. */
export type CheckpointUpdate = Omit<CheckpointDocument, "revision" | "updated_at" | "format" | "job">;

/**
 * Durable per-job state. `commit` is compare-and-set on `revision`, so two runs of one job can never both
 * advance it; it throws CheckpointConflictError when `expectedRevision` is stale, and LeaseLostError when `by` is
 * given and that owner no longer holds the job's lease.
 */
export interface CheckpointStore {
  /** Where the state lives, for messages: a path, or a URL with its password masked. */
  readonly location: string;
  load(job: string): Promise<CheckpointDocument | undefined>;
  commit(
    job: string,
    next: CheckpointUpdate,
    expectedRevision: number,
    by?: CommitAuthority,
  ): Promise<CheckpointDocument>;
  /**
   * Takes the job's lease (the store's TTL); throws LockedError, carrying the holder, while another live worker
   * holds it. An expired lease (its worker died or was cut off) is taken over.
   */
  lock(job: string): Promise<CheckpointLease>;
  /** Who holds the job's lease now (live or expired but not yet taken over), for `serve`'s metrics and logs. */
  leaseHolder?(job: string): Promise<LeaseHolder | undefined>;
  /** Forgets the job's state (and its seen-index); the next run starts over. */
  reset(job: string): Promise<void>;
  /**
   * The job's seen-index for `collection`, kept by this store (cursorless feeds); absent: the caller picks one. Writes
   * happen only while `owner()` holds the job's lease; by default the owner is the lease this store instance took. A
   * store opened in another thread (the source worker) passes the owner of the lease the main thread holds.
   */
  seenIndex?(job: string, collection: string, owner?: () => string | undefined): SeenIndex;
  /** Closes connections; the store is not used afterwards. */
  close?(): Promise<void>;
}
