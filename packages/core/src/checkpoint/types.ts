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
 * Durable per-job state. `commit` is compare-and-set on `revision`, so two runs of one job can never both
 * advance it; it throws CheckpointConflictError when `expectedRevision` is stale.
 */
export interface CheckpointStore {
  load(job: string): Promise<CheckpointDocument | undefined>;
  commit(
    job: string,
    next: Omit<CheckpointDocument, "revision" | "updated_at" | "format" | "job">,
    expectedRevision: number,
  ): Promise<CheckpointDocument>;
  /** Exclusive lock for a run; throws LockedError when a live process holds it. */
  lock(job: string): Promise<CheckpointLock>;
  reset(job: string): Promise<void>;
}
