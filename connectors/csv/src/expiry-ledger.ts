import { createReadStream } from "node:fs";
import { type FileHandle, open, rename, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import { ensureDirectory, hasExpired, recordVersion, type SweepRequest } from "@taxiway/core";
import { syncDirectory } from "./output-file.js";
import type { CsvSinkState } from "./state.js";
import { TextBytes } from "./text-bytes.js";

/**
 * One line of the ledger: an IOC the append file holds as live (`r`: its delete row, ready to append), or a
 * deletion (`d`). Each names the file position after its row (`f` logical file, `s` rotation, `o` offset): a line
 * past what the checkpoint committed of a file it knows describes a row open cut back (a torn run), and is ignored.
 * A sweep's deletion counts only once its file is committed that far, so a sweep a crash cut off is redone.
 */
export interface LedgerEntry {
  k: string;
  /** STIX `modified` (else `created`): with `d`, the entry's version (recordVersion). */
  m: string;
  /** expires_at / valid_until. */
  x?: string;
  /** source collection: which file the delete row goes to. */
  c?: string;
  /** The delete row (CSV, line ending included). */
  r?: string;
  d?: 1;
  f?: string;
  s?: number;
  o?: number;
}

const versionOf = (entry: LedgerEntry) =>
  recordVersion({ modified: entry.m, action: entry.d ? "delete" : "upsert" });

/**
 * What CSV append mode needs to expire IOCs while the feed is silent (write_deletes: true): a log of the live IOCs
 * beside the output (`.<job>.<sink>.taxiway-expiry.ndjson`), appended and fsync'ed with each flush, read and
 * compacted by a sweep. Memory: the pending lines of one page, and at a sweep one entry per live IOC.
 */
export class ExpiryLedger {
  /** Lines added since the last `persist` (one page's), newlines included, as UTF-8. */
  readonly #pending = new TextBytes();
  /** The `x` of the pending live lines that have one. */
  #pendingExpiries: string[] = [];
  #handle: FileHandle | undefined;
  /** The earliest `x` of the live lines (null: none has one; undefined: unknown until the ledger is read). */
  #nextExpiry: string | null | undefined;
  /** Date.parse(#nextExpiry), kept so that adding a line parses one date, not two. */
  #nextExpiryMs = Number.NaN;
  /** The last expiry `addLine` compared with #nextExpiry since it last changed by another way. */
  #lastExpiry: string | undefined;

  /** `nextExpiry`: what the committed sink state says (CsvSinkState.next_expiry). */
  constructor(
    readonly path: string,
    nextExpiry?: string | null,
  ) {
    this.#setNextExpiry(nextExpiry);
  }

  /** A ledger that does not exist yet holds nothing that could expire. Call once before the first `add`. */
  async settle(): Promise<void> {
    if (this.#nextExpiry === undefined && !(await stat(this.path).catch(() => undefined)))
      this.#setNextExpiry(null);
  }

  /** For the sink state: the earliest expiry of a live line as far as known (conservative: never later than true). */
  get nextExpiry(): string | null | undefined {
    return this.#nextExpiry;
  }

  /**
   * Whether a line may have expired at `request.now`: always with `expire_after` (every line can), or when the
   * earliest expiry is unknown or passed. False lets a sweep skip reading the whole ledger.
   */
  mayHoldExpired(request: SweepRequest): boolean {
    if (request.expireAfterMs !== undefined || this.#nextExpiry === undefined) return true;
    return this.#nextExpiry !== null && Date.parse(this.#nextExpiry) <= request.now;
  }

  /**
   * Adds one line (ledger-line.ts: `liveLine` or `deletionLine`, newline included) for the next `persist`. `expiry`:
   * the line's `x`, when it is a live line with one.
   */
  addLine(line: string, expiry?: string): void {
    this.#pending.append(line);
    if (expiry === undefined) return;
    this.#pendingExpiries.push(expiry);
    if (this.#nextExpiry === undefined) return;
    if (expiry === this.#lastExpiry) return; // one parse for a run of equal expiries: it cannot be earlier twice
    this.#lastExpiry = expiry;
    if (this.#nextExpiry === null || Date.parse(expiry) < this.#nextExpiryMs) this.#setNextExpiry(expiry);
  }

  #setNextExpiry(nextExpiry: string | null | undefined): void {
    this.#nextExpiry = nextExpiry;
    this.#nextExpiryMs = typeof nextExpiry === "string" ? Date.parse(nextExpiry) : Number.NaN;
  }

  /** The earliest expiry among the live `entries` (and the lines pending) that have not expired at `now`. */
  earliestAfter(entries: Iterable<LedgerEntry>, now: number): string | null {
    let earliest: string | null = null;
    let earliestMs = Number.NaN;
    const consider = (expiry: string) => {
      const at = Date.parse(expiry);
      if (at > now && (earliest === null || at < earliestMs)) {
        earliest = expiry;
        earliestMs = at;
      }
    };
    for (const entry of entries) if (!entry.d && entry.x !== undefined) consider(entry.x);
    for (const expiry of this.#pendingExpiries) consider(expiry);
    return earliest;
  }

  /** Takes what a completed sweep learnt (`earliestAfter`) as the earliest expiry of the live lines. */
  adopt(nextExpiry: string | null): void {
    this.#setNextExpiry(nextExpiry);
    this.#lastExpiry = undefined;
  }

  /**
   * Appends and fsyncs what was added since the last call. The file stays open between calls (one write and one
   * fsync per flush, instead of a stat, two opens and two closes); `release` closes it.
   */
  async persist(): Promise<void> {
    if (this.#pending.length === 0) return;
    this.#pendingExpiries = [];
    // The lines go whether or not the write succeeds (a failed flush fails the page).
    try {
      if (!this.#handle) {
        await ensureDirectory(dirname(this.path));
        const created = !(await stat(this.path).catch(() => undefined));
        this.#handle = await open(this.path, "a");
        if (created) await syncDirectory(dirname(this.path));
      }
      await writeAll(this.#handle, this.#pending.view());
    } finally {
      this.#pending.clear();
    }
    await this.#handle.sync();
  }

  /** Closes the file `persist` keeps open (before a rewrite replaces it, and when the sink closes). */
  async release(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close();
  }

  /**
   * The newest entry per key, as of the committed `state`: a sweep's deletion past the committed position of its
   * file is ignored (its row was cut back on open).
   */
  async load(state: CsvSinkState | undefined): Promise<Map<string, LedgerEntry>> {
    const latest = new Map<string, LedgerEntry>();
    if (!(await stat(this.path).catch(() => undefined))) return latest;
    const lines = createInterface({
      input: createReadStream(this.path, "utf8"),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const line of lines) {
      if (line === "") continue;
      let entry: LedgerEntry;
      try {
        entry = JSON.parse(line) as LedgerEntry;
      } catch {
        continue; // a torn last line: its page was never acknowledged
      }
      if (typeof entry.k !== "string" || typeof entry.m !== "string") continue;
      if (!committed(entry, state)) continue;
      const held = latest.get(entry.k);
      if (!held || versionOf(entry) >= versionOf(held)) latest.set(entry.k, entry);
    }
    return latest;
  }

  /** The live entries expired at `request.now` (expiry, else modified + expireAfterMs). */
  static expired(entries: Map<string, LedgerEntry>, request: SweepRequest): LedgerEntry[] {
    return [...entries.values()].filter(
      (entry) =>
        !entry.d &&
        entry.r !== undefined &&
        hasExpired({ ...(entry.x ? { expires_at: entry.x } : {}), modified: entry.m }, request),
    );
  }

  /** Rewrites the ledger with `entries` only (temp file, fsync, rename): what a sweep leaves live. */
  async rewrite(entries: Iterable<LedgerEntry>): Promise<void> {
    await this.release();
    const temp = `${this.path}.tmp`;
    const handle = await open(temp, "w", 0o644);
    try {
      let chunk = "";
      for (const entry of entries) {
        chunk += `${JSON.stringify(entry)}\n`;
        if (chunk.length > 256 * 1024) {
          await handle.write(chunk);
          chunk = "";
        }
      }
      await handle.write(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.path);
    await syncDirectory(dirname(this.path));
  }

  async removeTemp(): Promise<void> {
    await rm(`${this.path}.tmp`, { force: true });
  }
}

/**
 * Whether the row a ledger line describes is committed. A file the state does not name: a sweep's deletion is not
 * (its state was never committed); another line is (a dated file the state stopped tracking, or a line without a
 * position).
 */
function committed(entry: LedgerEntry, state: CsvSinkState | undefined): boolean {
  if (entry.f === undefined) return true;
  const file = state?.files[entry.f];
  if (!file) return !(entry.d && entry.o !== undefined);
  return file.seq > (entry.s ?? 0) || (file.seq === (entry.s ?? 0) && file.offset >= (entry.o ?? 0));
}

/** Appends all of `data` (an "a" handle: the position is the end), looping over short writes. */
async function writeAll(handle: FileHandle, data: Uint8Array): Promise<void> {
  let written = 0;
  while (written < data.length) {
    const { bytesWritten } = await handle.write(data, written, data.length - written);
    written += bytesWritten;
  }
}
