import { TaxiwayError } from "../../errors/index.js";
import type { SeenIndex } from "../../taxii/paging/seen-index.js";
import { digestOf } from "../../taxii/paging/sqlite-seen-index.js";
import type { SearchCheckpointStore } from "./search-store.js";

const CHUNK = 1000;

/**
 * The seen-index of one job's collection as documents in `<index>-seen`, one per object version, `_id` =
 * `job:collection:digest` (16 bytes of SHA-256 of `id@version`, hex). Lookups are `_mget` by id (realtime, no
 * refresh needed); additions are `_bulk` creates (an existing id is a 409 item, fine); a rollback refreshes, searches
 * the rows past the committed generation and bulk-deletes them. Each write first checks, by a realtime GET, that this process still holds the job's lease:
 * unlike PostgreSQL this check and the write are two steps, so a worker whose lease expires between them can add
 * rows of one page; the new holder's rollback at start removes rows past the committed generation, and rows it
 * adds itself after that are its own.
 */
export class SearchSeenIndex implements SeenIndex {
  private readonly seenIndex: string;

  constructor(
    private readonly store: SearchCheckpointStore,
    private readonly job: string,
    private readonly collection: string,
    /** Who must hold the job's lease for a write (default: the lease this store instance took). */
    private readonly owner: () => string | undefined = () => store.ownerOf(job),
  ) {
    this.seenIndex = `${store.index}-seen`;
  }

  private idOf(key: string): string {
    return `${this.job}:${this.collection}:${Buffer.from(digestOf(key)).toString("hex")}`;
  }

  private async guard(): Promise<void> {
    const owner = this.owner();
    if (owner !== undefined) await this.store.assertHolds(this.job, owner);
  }

  async rollback(committedGeneration: number): Promise<void> {
    await this.guard();
    await this.store.deleteByJob("-seen", this.job, [
      { term: { collection: this.collection } },
      { range: { generation: { gt: committedGeneration } } },
    ]);
  }

  async known(keys: readonly string[]): Promise<Set<string>> {
    await this.store.ensureIndices();
    const found = new Set<string>();
    for (let start = 0; start < keys.length; start += CHUNK) {
      const chunk = keys.slice(start, start + CHUNK);
      const byId = new Map(chunk.map((key) => [this.idOf(key), key]));
      const reply = await this.store.http.send("POST", `/${this.seenIndex}/_mget?_source=false`, {
        ids: [...byId.keys()],
      });
      for (const doc of reply.body.docs as Array<{ _id: string; found?: boolean }>)
        if (doc.found) found.add(byId.get(doc._id) as string);
    }
    return found;
  }

  async add(keys: readonly string[], generation: number): Promise<void> {
    if (keys.length === 0) return;
    await this.guard();
    await this.store.ensureIndices();
    for (let start = 0; start < keys.length; start += CHUNK) {
      const lines = keys
        .slice(start, start + CHUNK)
        .flatMap((key) => [
          JSON.stringify({ create: { _index: this.seenIndex, _id: this.idOf(key) } }),
          JSON.stringify({ job: this.job, collection: this.collection, generation }),
        ]);
      const reply = await this.store.http.send("POST", "/_bulk", `${lines.join("\n")}\n`);
      if (reply.body.errors !== true) continue;
      const failed = (reply.body.items as Array<{ create: { status: number; error?: unknown } }>).find(
        (item) => item.create.status !== 409 && item.create.status >= 300,
      );
      if (failed)
        throw new TaxiwayError(
          `seen-index ${this.seenIndex}: a row was refused (${failed.create.status}): ${JSON.stringify(failed.create.error).slice(0, 300)}`,
          {
            code: "CHECKPOINT_STORE",
            retryable: failed.create.status === 429 || failed.create.status >= 500,
          },
        );
    }
  }

  async size(): Promise<number> {
    await this.store.ensureIndices();
    await this.store.http.send("POST", `/${this.seenIndex}/_refresh`);
    const reply = await this.store.http.send("POST", `/${this.seenIndex}/_count`, {
      query: { bool: { filter: [{ term: { job: this.job } }, { term: { collection: this.collection } }] } },
    });
    return Number(reply.body.count ?? 0);
  }

  close(): void {}
}
