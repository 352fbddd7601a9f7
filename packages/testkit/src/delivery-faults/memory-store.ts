import type { CheckpointDocument, CheckpointLease, CheckpointStore } from "@taxiway/core";

/**
 * A checkpoint store in memory whose `commit` first calls `beforeCommit` with the document about to be committed,
 * so a test can check what the sinks hold at the very moment the checkpoint would move.
 */
export class ObservedCheckpointStore implements CheckpointStore {
  #document: CheckpointDocument | undefined;
  readonly location = "(memory)";

  constructor(private readonly beforeCommit: (next: CheckpointDocument) => Promise<void>) {}

  async load(): Promise<CheckpointDocument | undefined> {
    return this.#document && structuredClone(this.#document);
  }

  async commit(
    job: string,
    next: Omit<CheckpointDocument, "revision" | "updated_at" | "format" | "job">,
    expectedRevision: number,
  ): Promise<CheckpointDocument> {
    if ((this.#document?.revision ?? 0) !== expectedRevision)
      throw new Error(`checkpoint revision ${this.#document?.revision ?? 0}, expected ${expectedRevision}`);
    const document: CheckpointDocument = {
      format: 1,
      job,
      revision: expectedRevision + 1,
      updated_at: new Date().toISOString(),
      ...structuredClone(next),
    };
    await this.beforeCommit(document);
    this.#document = document;
    return structuredClone(document);
  }

  async lock(): Promise<CheckpointLease> {
    return {
      owner: "memory",
      expiresAt: undefined,
      ttlMs: 30_000,
      renew: async () => {},
      release: async () => {},
    };
  }

  async reset(): Promise<void> {
    this.#document = undefined;
  }
}
