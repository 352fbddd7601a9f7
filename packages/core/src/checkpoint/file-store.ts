import { readFile, rm } from "node:fs/promises";
import { CheckpointConflictError, ConfigError, type LeaseHolder } from "../errors/index.js";
import { parseJsonSafely } from "../http/index.js";
import type { SeenIndex } from "../taxii/paging/seen-index.js";
import { SqliteSeenIndex } from "../taxii/paging/sqlite-seen-index.js";
import { writeFileAtomic } from "./atomic-write.js";
import { acquireLock, assertFileLeaseHeld, readLeaseFile } from "./file-lock.js";
import { DEFAULT_LEASE_TTL_MS } from "./lease-owner.js";
import { checkpointShapeProblems } from "./schema.js";
import type {
  CheckpointDocument,
  CheckpointLease,
  CheckpointStore,
  CheckpointUpdate,
  CommitAuthority,
} from "./types.js";

/**
 * One JSON document per job, replaced atomically on every commit; a `.lock` file beside it is the job's lease (owner,
 * pid, expiry). Meant for one machine (or one volume): the lease check before a commit and the commit are two
 * file operations, not one atomic step as in the shared stores.
 */
export class FileCheckpointStore implements CheckpointStore {
  constructor(
    readonly path: string,
    readonly leaseTtlMs = DEFAULT_LEASE_TTL_MS,
  ) {}

  get location(): string {
    return this.path;
  }

  async load(job: string): Promise<CheckpointDocument | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = parseJsonSafely(text);
    } catch {
      throw new ConfigError(
        `checkpoint ${this.path} is not valid JSON; fix it or reset it with 'taxiway state JOB reset'`,
        {
          code: "CHECKPOINT_CORRUPT",
        },
      );
    }
    // A wrong shape is refused, never read around: an ignored cursor means a full re-fetch with duplicates.
    const problems = await checkpointShapeProblems(parsed);
    if (problems.length > 0)
      throw new ConfigError(
        `checkpoint ${this.path} does not have the shape taxiway writes (${problems.slice(0, 5).join("; ")}); fix it, move the cursor with 'taxiway state JOB set --added-after T', or start over with 'taxiway state JOB reset'`,
        { code: "CHECKPOINT_CORRUPT", details: { problems } },
      );
    const document = parsed as CheckpointDocument;
    if (document.job !== job)
      throw new ConfigError(
        `checkpoint ${this.path} belongs to job '${document.job}', not '${job}'; give each job its own checkpoint.path`,
        {
          code: "CHECKPOINT_FOREIGN",
        },
      );
    return document;
  }

  async commit(
    job: string,
    next: CheckpointUpdate,
    expectedRevision: number,
    by?: CommitAuthority,
  ): Promise<CheckpointDocument> {
    if (by) await assertFileLeaseHeld(`${this.path}.lock`, job, by.owner);
    const current = await this.load(job);
    const revision = current?.revision ?? 0;
    if (revision !== expectedRevision)
      throw new CheckpointConflictError(
        `checkpoint ${this.path} moved to revision ${revision} while this run expected ${expectedRevision}: another run of '${job}' advanced it`,
        { details: { job, expected: expectedRevision, found: revision } },
      );
    const document: CheckpointDocument = {
      format: 1,
      job,
      revision: revision + 1,
      updated_at: new Date().toISOString(),
      collections: next.collections,
      sinks: next.sinks,
      ...(next.last_run ? { last_run: next.last_run } : {}),
    };
    await writeFileAtomic(this.path, `${JSON.stringify(document, null, 2)}\n`);
    return document;
  }

  async leaseHolder(_job: string): Promise<LeaseHolder | undefined> {
    const holder = await readLeaseFile(`${this.path}.lock`);
    return holder
      ? { owner: holder.owner ?? `${holder.host}:${holder.pid}`, expires_at: holder.expires_at }
      : undefined;
  }

  lock(job: string): Promise<CheckpointLease> {
    return acquireLock(`${this.path}.lock`, job, this.leaseTtlMs);
  }

  async reset(_job: string): Promise<void> {
    await rm(this.path, { force: true });
    await rm(this.seenIndexPath, { force: true });
    await rm(`${this.seenIndexPath}-wal`, { force: true });
    await rm(`${this.seenIndexPath}-shm`, { force: true });
  }

  /** The seen-index file: SQLite, beside the checkpoint (`<name>.seen.sqlite`). */
  get seenIndexPath(): string {
    return `${this.path.replace(/\.json$/, "")}.seen.sqlite`;
  }

  seenIndex(_job: string, collection: string): SeenIndex {
    return new SqliteSeenIndex(this.seenIndexPath, collection);
  }
}
