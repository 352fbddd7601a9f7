import type pg from "pg";
import {
  CheckpointConflictError,
  ConfigError,
  type LeaseHolder,
  LeaseLostError,
  LockedError,
} from "../../errors/index.js";
import { maskedUrl } from "../../logging/masked-url.js";
import { commonJsExports } from "../../modules/index.js";
import type { SeenIndex } from "../../taxii/paging/seen-index.js";
import { DEFAULT_LEASE_TTL_MS, newLeaseOwner } from "../lease-owner.js";
import { checkpointShapeProblems } from "../schema.js";
import type {
  CheckpointDocument,
  CheckpointLease,
  CheckpointStore,
  CheckpointUpdate,
  CommitAuthority,
} from "../types.js";
import { postgresError } from "./errors.js";
import { PostgresSeenIndex } from "./postgres-seen-index.js";
import { POSTGRES_SCHEMA, SCHEMA_LOCK_KEY } from "./schema.js";

export interface PostgresStoreOptions {
  /** `postgresql://user:password@host:port/db?sslmode=…` (libpq URL). */
  url: string;
  /** Lease TTL in ms (default 30 000). */
  leaseTtlMs?: number;
}

interface LeaseRow {
  revision: string;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  expired: boolean | null;
}

const iso = (value: Date | null | undefined) => (value ? value.toISOString() : undefined);

/**
 * Job state in PostgreSQL: a row per job with a revision (compare-and-set) and a lease (owner, expiry) that is
 * taken, renewed and released by conditional UPDATEs judged by the database's clock (`now()`), never the worker's.
 * No session-level lock is held across a run, so connection poolers (PgBouncer in transaction mode) and failovers
 * are fine. Tables are created on first use.
 */
export class PostgresCheckpointStore implements CheckpointStore {
  readonly location: string;
  readonly leaseTtlMs: number;
  private readonly url: string;
  #pool: Promise<pg.Pool> | undefined;
  private ready: Promise<void> | undefined;
  /** The owner of the lease this process holds on each job: the seen-index writes only while it holds. */
  private readonly owners = new Map<string, string>();

  constructor(options: PostgresStoreOptions) {
    this.location = maskedUrl(options.url);
    this.leaseTtlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    this.url = options.url;
  }

  /** The connection pool, made on first use: `pg` is loaded only by a job whose state is in PostgreSQL. */
  private pool(): Promise<pg.Pool> {
    this.#pool ??= import("pg").then((module) => {
      const pool = new (commonJsExports<typeof pg>(module).Pool)({
        connectionString: this.url,
        max: 4,
        idleTimeoutMillis: 10_000,
        connectionTimeoutMillis: 15_000,
        allowExitOnIdle: true,
      });
      // An idle connection the server closes (restart, failover) must not crash the process: the next query reconnects.
      pool.on("error", () => {});
      return pool;
    });
    return this.#pool;
  }

  /** Runs one statement (after the schema exists); failures become typed errors naming the masked URL. */
  async query<Row extends pg.QueryResultRow>(
    text: string,
    values: unknown[] = [],
  ): Promise<pg.QueryResult<Row>> {
    await this.schema();
    try {
      return await (await this.pool()).query<Row>(text, values);
    } catch (error) {
      throw postgresError(error, this.location);
    }
  }

  private schema(): Promise<void> {
    this.ready ??= (async () => {
      const client = await (await this.pool()).connect().catch((error: unknown) => {
        throw postgresError(error, this.location);
      });
      try {
        // A transaction-scoped advisory lock: two workers starting at once do not race on CREATE TABLE.
        await client.query("BEGIN");
        await client.query("SELECT pg_advisory_xact_lock($1)", [SCHEMA_LOCK_KEY]);
        await client.query(POSTGRES_SCHEMA);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw postgresError(error, this.location);
      } finally {
        client.release();
      }
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async load(job: string): Promise<CheckpointDocument | undefined> {
    const { rows } = await this.query<{ revision: string; document: unknown; updated_at: Date | null }>(
      "SELECT revision, document, updated_at FROM taxiway_checkpoints WHERE job = $1",
      [job],
    );
    const row = rows[0];
    if (!row || row.document === null) return undefined;
    const document = {
      ...(row.document as object),
      format: 1,
      job,
      revision: Number(row.revision),
      updated_at: iso(row.updated_at) ?? "",
    };
    const problems = await checkpointShapeProblems(document);
    if (problems.length > 0)
      throw new ConfigError(
        `checkpoint of job '${job}' in ${this.location} does not have the shape taxiway writes (${problems.slice(0, 5).join("; ")}); reset it with 'taxiway state JOB reset'`,
        { code: "CHECKPOINT_CORRUPT", details: { problems } },
      );
    return document as CheckpointDocument;
  }

  async commit(
    job: string,
    next: CheckpointUpdate,
    expectedRevision: number,
    by?: CommitAuthority,
  ): Promise<CheckpointDocument> {
    await this.query("INSERT INTO taxiway_checkpoints (job) VALUES ($1) ON CONFLICT (job) DO NOTHING", [job]);
    const body = {
      collections: next.collections,
      sinks: next.sinks,
      ...(next.last_run ? { last_run: next.last_run } : {}),
    };
    // One statement: the revision and the lease are checked, the row advanced (the lease extended: a commit is
    // progress) and the history row written, or nothing happens.
    const { rows } = await this.query<{ revision: string; updated_at: Date }>(
      `WITH updated AS (
         UPDATE taxiway_checkpoints
            SET revision = revision + 1, document = $3::jsonb, updated_at = now(),
                lease_expires_at = CASE WHEN $4::text IS NULL THEN lease_expires_at
                                        ELSE now() + $5::bigint * interval '1 millisecond' END
          WHERE job = $1 AND revision = $2
            AND (CASE WHEN $4::text IS NULL THEN lease_owner IS NULL OR lease_expires_at <= now()
                      ELSE lease_owner = $4::text END)
         RETURNING revision, updated_at),
       history AS (
         INSERT INTO taxiway_checkpoint_history (job, revision, owner) SELECT $1, revision, $4::text FROM updated)
       SELECT revision, updated_at FROM updated`,
      [job, expectedRevision, JSON.stringify(body), by?.owner ?? null, this.leaseTtlMs],
    );
    const row = rows[0];
    if (row)
      return {
        format: 1,
        job,
        revision: Number(row.revision),
        updated_at: row.updated_at.toISOString(),
        ...body,
      };
    throw await this.refusal(job, expectedRevision, by);
  }

  /** Why a commit was refused: the lease moved (LeaseLostError / LockedError) or the revision did (conflict). */
  private async refusal(job: string, expected: number, by?: CommitAuthority): Promise<Error> {
    const row = await this.leaseRow(job);
    const holder = row?.lease_owner
      ? { owner: row.lease_owner, expires_at: iso(row.lease_expires_at) }
      : undefined;
    if (by && row?.lease_owner !== by.owner)
      return new LeaseLostError(
        `the lease on job '${job}' ${holder ? `was taken over by ${holder.owner}` : "is gone"} (${this.location}); this worker stops without committing`,
        { details: { job, store: this.location }, ...(holder ? { holder } : {}) },
      );
    if (!by && holder && row?.expired === false)
      return new LockedError(
        `job '${job}' is held by ${holder.owner} until ${holder.expires_at}; not committed`,
        {
          details: { job, store: this.location },
          holder,
        },
      );
    return new CheckpointConflictError(
      `checkpoint of job '${job}' in ${this.location} moved to revision ${row?.revision ?? 0} while this run expected ${expected}: another run advanced it`,
      { details: { job, expected, found: Number(row?.revision ?? 0) } },
    );
  }

  private async leaseRow(job: string): Promise<LeaseRow | undefined> {
    const { rows } = await this.query<LeaseRow>(
      "SELECT revision, lease_owner, lease_expires_at, lease_expires_at <= now() AS expired FROM taxiway_checkpoints WHERE job = $1",
      [job],
    );
    return rows[0];
  }

  async leaseHolder(job: string): Promise<LeaseHolder | undefined> {
    const row = await this.leaseRow(job);
    return row?.lease_owner ? { owner: row.lease_owner, expires_at: iso(row.lease_expires_at) } : undefined;
  }

  async lock(job: string): Promise<CheckpointLease> {
    const owner = newLeaseOwner();
    const { rows } = await this.query<{ lease_expires_at: Date }>(
      `INSERT INTO taxiway_checkpoints (job, lease_owner, lease_expires_at)
       VALUES ($1, $2, now() + $3::bigint * interval '1 millisecond')
       ON CONFLICT (job) DO UPDATE SET lease_owner = EXCLUDED.lease_owner, lease_expires_at = EXCLUDED.lease_expires_at
        WHERE taxiway_checkpoints.lease_owner IS NULL OR taxiway_checkpoints.lease_expires_at <= now()
       RETURNING lease_expires_at`,
      [job, owner, this.leaseTtlMs],
    );
    if (!rows[0]) {
      const row = await this.leaseRow(job);
      const holder = { owner: row?.lease_owner ?? "(unknown)", expires_at: iso(row?.lease_expires_at) };
      throw new LockedError(
        `job '${job}' is already running: ${holder.owner} holds its lease until ${holder.expires_at} (${this.location}); this run exits`,
        { details: { job, store: this.location }, holder },
      );
    }
    this.owners.set(job, owner);
    return this.lease(job, owner, rows[0].lease_expires_at);
  }

  private lease(job: string, owner: string, expires: Date): CheckpointLease {
    let expiresAt = expires.toISOString();
    let released = false;
    return {
      owner,
      ttlMs: this.leaseTtlMs,
      get expiresAt() {
        return expiresAt;
      },
      renew: async () => {
        const { rows } = await this.query<{ lease_expires_at: Date }>(
          `UPDATE taxiway_checkpoints SET lease_expires_at = now() + $3::bigint * interval '1 millisecond'
            WHERE job = $1 AND lease_owner = $2 RETURNING lease_expires_at`,
          [job, owner, this.leaseTtlMs],
        );
        if (!rows[0]) throw await this.refusal(job, 0, { owner });
        expiresAt = rows[0].lease_expires_at.toISOString();
      },
      release: async () => {
        if (released) return;
        released = true;
        if (this.owners.get(job) === owner) this.owners.delete(job);
        await this.query(
          "UPDATE taxiway_checkpoints SET lease_owner = NULL, lease_expires_at = NULL WHERE job = $1 AND lease_owner = $2",
          [job, owner],
        );
      },
    };
  }

  async reset(job: string): Promise<void> {
    await this.query(
      `WITH cleared AS (UPDATE taxiway_checkpoints SET document = NULL, revision = 0, updated_at = now() WHERE job = $1),
            seen AS (DELETE FROM taxiway_seen WHERE job = $1)
       DELETE FROM taxiway_checkpoint_history WHERE job = $1`,
      [job],
    );
  }

  seenIndex(job: string, collection: string, owner?: () => string | undefined): SeenIndex {
    return new PostgresSeenIndex(this, job, collection, owner ?? (() => this.owners.get(job)));
  }

  /** The committed revisions of `job`, oldest first, with who committed each (audits, the fleet test). */
  async history(
    job: string,
  ): Promise<Array<{ revision: number; owner: string | null; committed_at: string }>> {
    const { rows } = await this.query<{ revision: string; owner: string | null; committed_at: Date }>(
      "SELECT revision, owner, committed_at FROM taxiway_checkpoint_history WHERE job = $1 ORDER BY revision",
      [job],
    );
    return rows.map((row) => ({
      revision: Number(row.revision),
      owner: row.owner,
      committed_at: row.committed_at.toISOString(),
    }));
  }

  async close(): Promise<void> {
    const pool = this.#pool;
    if (pool) await (await pool).end();
  }
}
