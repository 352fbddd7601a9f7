import { createReadStream } from "node:fs";
import { appendFile, type FileHandle, open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { ensureDirectory, recordVersion, SWEEP_SAMPLE_SIZE } from "@taxiway/core";
import { syncDirectory } from "./output-file.js";
import { writeTextAt } from "./write-at.js";

/** One IOC as the snapshot store keeps it: its key, version, expiry and rendered CSV row. */
export interface StoredRow {
  k: string;
  /** STIX `modified`: the newer version wins, whichever order pages arrive in. */
  m: string;
  /** expires_at / valid_until, if any. */
  x?: string;
  /** The rendered row; absent for a deletion. */
  r?: string;
}

const CHUNK_CHARS = 256 * 1024;

/**
 * True when `change` replaces `held`: its version (`recordVersion`: `modified` at µs, a deletion after the upsert of
 * the same `modified`) is the same or higher. A plain string comparison would misorder `…00Z` and `…00.5Z`.
 */
export function supersedes(change: StoredRow, held: StoredRow): boolean {
  const version = (row: StoredRow) =>
    recordVersion({ modified: row.m, action: row.r === undefined ? "delete" : "upsert" });
  return version(change) >= version(held);
}

/** What a merge or a sweep's scan dropped because it had expired. */
export interface ExpiredRows {
  expired: number;
  sample: string[];
}

class ChunkedWriter {
  #chunks: string[] = [];
  #length = 0;
  #offset = 0;
  constructor(
    private readonly handle: FileHandle,
    private readonly gzip: boolean,
  ) {}
  /** Buffers `text`; true when the caller should `drain()` (keeps memory bounded without a promise per line). */
  push(text: string): boolean {
    this.#chunks.push(text);
    this.#length += text.length;
    return this.#length >= CHUNK_CHARS;
  }
  async drain(): Promise<void> {
    if (this.#length === 0) return;
    const chunks = this.#chunks;
    this.#chunks = [];
    this.#length = 0;
    this.#offset += await writeTextAt(this.handle, chunks, this.#offset, this.gzip);
  }
}

/**
 * A snapshot CSV plus its keyed store (`.<name>.taxiway-store.ndjson`, one line per live key). Each merge streams
 * the old store, applies the pending changes (newer `modified` wins, deletions and expired entries drop out) and
 * writes a new store and a new CSV through temp files, fsync'ed and renamed into place: readers only ever see a
 * whole file. Memory holds the pending changes (one page) and one line, never the whole snapshot.
 */
export class SnapshotFile {
  readonly storePath: string;
  readonly journalPath: string;

  constructor(
    readonly path: string,
    private readonly gzip: boolean,
  ) {
    this.storePath = join(dirname(path), `.${basename(path)}.taxiway-store.ndjson`);
    this.journalPath = join(dirname(path), `.${basename(path)}.taxiway-journal.ndjson`);
  }

  /** Makes changes durable cheaply (append + fsync) until the next merge folds them into the snapshot. */
  async appendJournal(changes: readonly StoredRow[]): Promise<void> {
    if (changes.length === 0) return;
    await ensureDirectory(dirname(this.path));
    const created = !(await stat(this.journalPath).catch(() => undefined));
    await appendFile(this.journalPath, changes.map((c) => `${JSON.stringify(c)}\n`).join(""));
    const handle = await open(this.journalPath, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (created) await syncDirectory(dirname(this.path));
  }

  /** Changes journaled by an earlier run that ended before merging them (newer `modified` wins). */
  async loadJournal(into: Map<string, StoredRow>): Promise<void> {
    if (!(await stat(this.journalPath).catch(() => undefined))) return;
    const lines = createInterface({
      input: createReadStream(this.journalPath, "utf8"),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const line of lines) {
      if (line === "") continue;
      let change: StoredRow;
      try {
        change = JSON.parse(line) as StoredRow;
      } catch {
        continue; // a torn last line from a crash mid-append: its page was never acknowledged
      }
      if (typeof change.k !== "string" || typeof change.m !== "string") continue;
      const previous = into.get(change.k);
      if (!previous || supersedes(change, previous)) into.set(change.k, change);
    }
  }

  async clearJournal(): Promise<void> {
    await rm(this.journalPath, { force: true });
  }

  /** True when the CSV is missing or older than the store (a crash between the two renames). */
  async needsRebuild(): Promise<boolean> {
    const store = await stat(this.storePath).catch(() => undefined);
    if (!store) return false;
    const csv = await stat(this.path).catch(() => undefined);
    return !csv || csv.mtimeMs < store.mtimeMs;
  }

  /**
   * Rewrites the store and the CSV with `pending` applied; rows `isExpired` says have passed their validity drop
   * out. Returns the rows kept and the expired ones dropped.
   */
  async merge(
    pending: Map<string, StoredRow>,
    prefix: string,
    isExpired: (row: StoredRow) => boolean,
  ): Promise<{ rows: number } & ExpiredRows> {
    await ensureDirectory(dirname(this.path));
    const storeTmp = `${this.storePath}.tmp`;
    const csvTmp = `${this.path}.tmp`;
    const store = await open(storeTmp, "w", 0o644);
    const csv = await open(csvTmp, "w", 0o644);
    const storeOut = new ChunkedWriter(store, false);
    const csvOut = new ChunkedWriter(csv, this.gzip);
    let rows = 0;
    const dropped: ExpiredRows = { expired: 0, sample: [] };
    const keep = async (row: StoredRow, line?: string) => {
      if (row.r === undefined) return;
      if (isExpired(row)) {
        dropped.expired++;
        if (dropped.sample.length < SWEEP_SAMPLE_SIZE) dropped.sample.push(row.k);
        return;
      }
      if (storeOut.push(`${line ?? JSON.stringify(row)}\n`)) await storeOut.drain();
      if (csvOut.push(row.r as string)) await csvOut.drain();
      rows++;
    };
    try {
      csvOut.push(prefix);
      const existing = await stat(this.storePath).catch(() => undefined);
      if (existing) {
        const lines = createInterface({
          input: createReadStream(this.storePath, "utf8"),
          crlfDelay: Number.POSITIVE_INFINITY,
        });
        for await (const line of lines) {
          if (line === "") continue;
          const old = JSON.parse(line) as StoredRow;
          const change = pending.get(old.k);
          if (change === undefined) {
            await keep(old, line);
          } else if (!supersedes(change, old)) {
            pending.delete(old.k);
            await keep(old, line);
          }
          // otherwise the pending change replaces it below
        }
      }
      for (const change of pending.values()) await keep(change);
      await storeOut.drain();
      await csvOut.drain();
      await store.sync();
      await csv.sync();
    } finally {
      await store.close();
      await csv.close();
    }
    await rename(storeTmp, this.storePath);
    await rename(csvTmp, this.path);
    await syncDirectory(dirname(this.path));
    return { rows, ...dropped };
  }

  /** The rows a merge would drop as expired (a sweep's dry run): reads the store, changes nothing. */
  async expiredRows(
    pending: ReadonlyMap<string, StoredRow>,
    isExpired: (row: StoredRow) => boolean,
  ): Promise<ExpiredRows> {
    const found: ExpiredRows = { expired: 0, sample: [] };
    const visit = (row: StoredRow) => {
      if (row.r === undefined || !isExpired(row)) return;
      found.expired++;
      if (found.sample.length < SWEEP_SAMPLE_SIZE) found.sample.push(row.k);
    };
    if (await stat(this.storePath).catch(() => undefined)) {
      const lines = createInterface({
        input: createReadStream(this.storePath, "utf8"),
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      for await (const line of lines) {
        if (line === "") continue;
        const old = JSON.parse(line) as StoredRow;
        const change = pending.get(old.k);
        if (change === undefined || !supersedes(change, old)) visit(old);
      }
    }
    for (const change of pending.values()) visit(change);
    return found;
  }

  async removeTemps(): Promise<void> {
    await rm(`${this.storePath}.tmp`, { force: true });
    await rm(`${this.path}.tmp`, { force: true });
  }
}
