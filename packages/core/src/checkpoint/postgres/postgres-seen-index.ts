import { LeaseLostError } from "../../errors/index.js";
import type { SeenIndex } from "../../taxii/paging/seen-index.js";
import { digestOf } from "../../taxii/paging/sqlite-seen-index.js";
import type { PostgresCheckpointStore } from "./postgres-store.js";

const CHUNK = 1000;

/**
 * The seen-index of one job's collection in `taxiway_seen` (16-byte digests of `id@version`, with the generation).
 * Writes are guarded by the job's lease in the same statement (`FOR SHARE` on the job's row, so a takeover waits for
 * it): a worker that lost its lease cannot mark objects seen that the new holder has not delivered.
 */
export class PostgresSeenIndex implements SeenIndex {
  constructor(
    private readonly store: PostgresCheckpointStore,
    private readonly job: string,
    private readonly collection: string,
    private readonly owner: () => string | undefined,
  ) {}

  /** Runs `write` (a data-modifying CTE named `w` using $1 job, $2 collection, $3 owner) under the lease. */
  private async guarded(write: string, values: unknown[]): Promise<void> {
    const owner = this.owner() ?? null;
    const { rows } = await this.store.query<{ lease_owner: string | null }>(
      `WITH lease AS (SELECT lease_owner FROM taxiway_checkpoints WHERE job = $1 FOR SHARE),
            w AS (${write})
       SELECT lease_owner FROM lease`,
      [this.job, this.collection, owner, ...values],
    );
    if (owner !== null && rows[0]?.lease_owner !== owner)
      throw new LeaseLostError(
        `the lease on job '${this.job}' was lost; the seen-index of '${this.collection}' was not changed`,
        { details: { job: this.job, collection: this.collection } },
      );
  }

  private static readonly HOLDS = "($3::text IS NULL OR (SELECT lease_owner FROM lease) = $3::text)";

  async rollback(committedGeneration: number): Promise<void> {
    await this.guarded(
      `DELETE FROM taxiway_seen WHERE job = $1 AND collection = $2 AND generation > $4 AND ${PostgresSeenIndex.HOLDS}`,
      [committedGeneration],
    );
  }

  async known(keys: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let start = 0; start < keys.length; start += CHUNK) {
      const chunk = keys.slice(start, start + CHUNK);
      const byDigest = new Map(chunk.map((key) => [Buffer.from(digestOf(key)).toString("hex"), key]));
      const { rows } = await this.store.query<{ digest: Buffer }>(
        "SELECT digest FROM taxiway_seen WHERE job = $1 AND collection = $2 AND digest = ANY($3::bytea[])",
        [this.job, this.collection, chunk.map((key) => Buffer.from(digestOf(key)))],
      );
      for (const row of rows) {
        const key = byDigest.get(row.digest.toString("hex"));
        if (key !== undefined) found.add(key);
      }
    }
    return found;
  }

  async add(keys: readonly string[], generation: number): Promise<void> {
    for (let start = 0; start < keys.length; start += CHUNK) {
      const digests = keys.slice(start, start + CHUNK).map((key) => Buffer.from(digestOf(key)));
      await this.guarded(
        `INSERT INTO taxiway_seen (job, collection, digest, generation)
         SELECT $1::text, $2::text, d, $4::bigint FROM unnest($5::bytea[]) AS d WHERE ${PostgresSeenIndex.HOLDS}
         ON CONFLICT DO NOTHING`,
        [generation, digests],
      );
    }
  }

  async size(): Promise<number> {
    const { rows } = await this.store.query<{ n: string }>(
      "SELECT count(*) AS n FROM taxiway_seen WHERE job = $1 AND collection = $2",
      [this.job, this.collection],
    );
    return Number(rows[0]?.n ?? 0);
  }

  close(): void {}
}
