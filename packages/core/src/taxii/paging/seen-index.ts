/**
 * Which object versions (`id@version`) a collection has already delivered, for servers with no usable cursor
 * (no date headers, no manifest, `added_after` ignored). Rows carry the generation of the page that wrote them;
 * the checkpoint commits the generation with the page, so rows of pages that never committed (a crash, kill -9)
 * are rolled back on the next start and those objects are delivered again, once. Local indexes answer at once;
 * shared ones (PostgreSQL, Elasticsearch) answer with promises, and refuse writes once the job's lease is lost.
 */
export interface SeenIndex {
  /** Forgets rows written by generations after `committedGeneration`. */
  rollback(committedGeneration: number): void | Promise<void>;
  /** The keys among `keys` that are already recorded. */
  known(keys: readonly string[]): Set<string> | Promise<Set<string>>;
  /** Records `keys` under `generation`; durable when it returns (or its promise resolves). */
  add(keys: readonly string[], generation: number): void | Promise<void>;
  /** How many keys are recorded. */
  size(): number | Promise<number>;
  close(): void | Promise<void>;
}

/** A seen-index in the heap: for tests and dry runs. */
export class MemorySeenIndex implements SeenIndex {
  private readonly rows = new Map<string, number>();

  rollback(committedGeneration: number): void {
    for (const [key, generation] of this.rows) if (generation > committedGeneration) this.rows.delete(key);
  }

  known(keys: readonly string[]): Set<string> {
    return new Set(keys.filter((key) => this.rows.has(key)));
  }

  add(keys: readonly string[], generation: number): void {
    for (const key of keys) if (!this.rows.has(key)) this.rows.set(key, generation);
  }

  size(): number {
    return this.rows.size;
  }

  close(): void {}
}
