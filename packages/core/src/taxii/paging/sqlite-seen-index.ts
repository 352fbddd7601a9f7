import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { SeenIndex } from "./seen-index.js";

const LOOKUP_CHUNK = 400;

/** 16 bytes of SHA-256 of `id@version`: a fixed-size key keeps the index small (≈ 40 bytes a row on disk). */
export function digestOf(key: string): Uint8Array {
  return createHash("sha256").update(key).digest().subarray(0, 16);
}

/**
 * A seen-index in an SQLite file (Node's built-in `node:sqlite`: no native build, no dependency), one table for
 * every collection of a job. Nothing is held in the heap but the page being checked, so millions of rows cost
 * disk, not memory. `synchronous=FULL`: a row is on disk before the checkpoint that names its generation.
 */
export class SqliteSeenIndex implements SeenIndex {
  private readonly db: DatabaseSync;
  private readonly lookups = new Map<number, StatementSync>();
  private readonly insert: StatementSync;

  constructor(
    path: string,
    private readonly collection: string,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    // Loaded when a collection needs it, not at start: a job that never falls back to the seen-index does not pay for
    // it, and the CLI's Node-version check runs before anything asks for node:sqlite (Node 22.5+).
    const { DatabaseSync: Database } = process.getBuiltinModule(
      "node:sqlite",
    ) as typeof import("node:sqlite");
    this.db = new Database(path);
    this.db.exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; " +
        "CREATE TABLE IF NOT EXISTS seen (collection TEXT NOT NULL, digest BLOB NOT NULL, generation INTEGER NOT NULL, PRIMARY KEY (collection, digest)) WITHOUT ROWID;",
    );
    this.insert = this.db.prepare(
      "INSERT OR IGNORE INTO seen (collection, digest, generation) VALUES (?, ?, ?)",
    );
  }

  rollback(committedGeneration: number): void {
    this.db
      .prepare("DELETE FROM seen WHERE collection = ? AND generation > ?")
      .run(this.collection, committedGeneration);
  }

  private lookup(size: number): StatementSync {
    let statement = this.lookups.get(size);
    if (!statement) {
      statement = this.db.prepare(
        `SELECT digest FROM seen WHERE collection = ? AND digest IN (${Array(size).fill("?").join(",")})`,
      );
      this.lookups.set(size, statement);
    }
    return statement;
  }

  known(keys: readonly string[]): Set<string> {
    const found = new Set<string>();
    for (let start = 0; start < keys.length; start += LOOKUP_CHUNK) {
      const chunk = keys.slice(start, start + LOOKUP_CHUNK);
      const byDigest = new Map(chunk.map((key) => [Buffer.from(digestOf(key)).toString("hex"), key]));
      const rows = this.lookup(chunk.length).all(this.collection, ...chunk.map(digestOf)) as Array<{
        digest: Uint8Array;
      }>;
      for (const row of rows) {
        const key = byDigest.get(Buffer.from(row.digest).toString("hex"));
        if (key !== undefined) found.add(key);
      }
    }
    return found;
  }

  add(keys: readonly string[], generation: number): void {
    if (keys.length === 0) return;
    this.db.exec("BEGIN");
    try {
      for (const key of keys) this.insert.run(this.collection, digestOf(key), generation);
      this.db.exec("COMMIT");
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  size(): number {
    const row = this.db
      .prepare("SELECT count(*) AS n FROM seen WHERE collection = ?")
      .get(this.collection) as { n: number };
    return Number(row.n);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
