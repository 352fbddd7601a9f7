import { access, constants, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import {
  AbortedError,
  type CheckResult,
  ConfigError,
  delivered,
  ensureDirectory,
  fileSystemError,
  type IocRecord,
  Limiter,
  permanent,
  permanentError,
  type RecordOutcome,
  type Sink,
  type SinkContext,
  SinkError,
  SWEEP_SAMPLE_SIZE,
  type SweepRequest,
  type SweepResult,
  type WriteResult,
} from "@taxiway/core";
import type { ResolvedCsvConfig } from "./config.js";
import { ExpiryLedger, type LedgerEntry } from "./expiry-ledger.js";
import { anchorDirectory, expandFileName, hasPlaceholder, isInside, withSuffix } from "./file-name.js";
import { deletionLine, jsonString, type LinePosition, liveLine } from "./ledger-line.js";
import { OutputFile, syncDirectory } from "./output-file.js";
import { RowRenderer, renderHeader } from "./row.js";

import { type CsvFileState, type CsvSinkState, readState } from "./state.js";
import { clearUncommittedMark, markUncommitted, uncommittedRotations } from "./uncommitted-marker.js";
import { WriteUndo } from "./write-undo.js";

/** Buffered bytes per file before they are written out (memory stays bounded whatever the batch size). */
const SPILL_BYTES = 256 * 1024;
const BOM = "\uFEFF";

interface Slot {
  entry: CsvFileState;
  file: OutputFile;
  /** The logical file name (the key of its state and of #open). */
  name: string;
  /** jsonString(name), for the ledger lines of its rows. */
  nameJson: string;
}

function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Append-mode CSV sink. Exactly-once: `flush()` fsyncs and returns every file's size; on `open()` each file named
 * in the committed state is cut back to that size, and a file first written after the last commit starts empty.
 */
export class CsvSink implements Sink {
  readonly type = "csv";
  readonly #serial = new Limiter(1);
  readonly #committed: CsvSinkState | undefined;
  readonly #files: Record<string, CsvFileState>;
  readonly #open = new Map<string, Slot>();
  readonly #retired: OutputFile[] = [];
  readonly #newDirs = new Set<string>();
  /** Expanded file names by collection and day: expanding and checking a path per record is the costly part. */
  readonly #names = new Map<string, string>();
  /** Files this run created before any commit, whose markers also count the rotation files created after them. */
  readonly #marked = new Set<string>();
  #opened = false;
  #closed = false;
  /** With write_deletes: the live IOCs and their expiry, so a sweep can append their delete rows. */
  readonly #ledger: ExpiryLedger | undefined;
  /** A record's row without its line ending. */
  readonly #rows: RowRenderer;
  /** Where the row of the ledger line being added ends (one object, reused for every row). */
  readonly #at: LinePosition = { name: "", nameJson: '""', seq: 0, offset: 0 };
  /**
   * Whether a live IOC's delete row (its ledger line's `r`) differs from the row written: only when a column shows
   * `action`, the one field the delete row changes. Otherwise the written row is reused.
   */
  readonly #deleteRowDiffers: boolean;

  constructor(
    private readonly config: ResolvedCsvConfig,
    private readonly context: SinkContext,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#rows = new RowRenderer(config);
    this.#deleteRowDiffers = config.columns.includes("action");
    this.#committed = readState(context.state);
    this.#files = Object.assign(Object.create(null), this.#committed?.files ?? {});
    const safe = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, "_");
    this.#ledger = config.writeDeletes
      ? new ExpiryLedger(
          join(
            anchorDirectory(config.pathTemplate, context.baseDir),
            `.${safe(context.job)}.${safe(context.sinkId)}.taxiway-expiry.ndjson`,
          ),
          this.#committed?.next_expiry,
        )
      : undefined;
  }

  async check(): Promise<CheckResult> {
    const directory = anchorDirectory(this.config.pathTemplate, this.context.baseDir);
    try {
      await ensureDirectory(directory);
      if (!(await stat(directory)).isDirectory()) throw new Error("not a directory");
      await access(directory, constants.W_OK);
      return { ok: true, message: `csv: can write files in ${directory}`, details: { directory } };
    } catch (error) {
      return {
        ok: false,
        message: `csv: cannot write in ${directory}: ${(error as Error).message}`,
        configuration: error instanceof ConfigError,
        details: { directory, code: (error as NodeJS.ErrnoException).code },
      };
    }
  }

  open(): Promise<void> {
    return this.#serial.run(() => this.#doOpen());
  }

  async #doOpen(): Promise<void> {
    if (this.#opened) return;
    this.#closed = false;
    // Cut every committed file back to its committed size now, even if this run writes nothing to it.
    const anchor = anchorDirectory(this.config.pathTemplate, this.context.baseDir);
    for (const [name, entry] of Object.entries(this.#files)) {
      if (this.#open.has(name)) continue;
      if (!isInside(anchor, entry.path) || !isInside(anchor, name)) {
        // A checkpoint edited by hand (or for another config) must never make us truncate files elsewhere.
        this.context.logger.warn(
          { file: entry.path, anchor },
          "csv: ignoring checkpointed file outside the output directory",
        );
        delete this.#files[name];
        continue;
      }
      const file = await OutputFile.open(
        entry.path,
        entry.offset,
        this.config.gzip,
        this.config.followSymlinks,
      );
      await this.#dropRotations(name, entry.seq, Number.POSITIVE_INFINITY);
      await clearUncommittedMark(name);
      await clearUncommittedMark(entry.path);
      if (file.committedSize < entry.offset) {
        this.context.logger.warn(
          { file: entry.path, expected: entry.offset, found: file.committedSize },
          "csv: file is shorter than the checkpoint says (changed outside taxiway); continuing from its end",
        );
        entry.offset = file.committedSize;
      }
      this.#open.set(name, { entry, file, name, nameJson: jsonString(name) });
    }
    await this.#ledger?.settle();
    this.#opened = true;
  }

  write(records: readonly IocRecord[]): Promise<WriteResult> {
    return this.#serial.run(() => this.#doWrite(records));
  }

  /**
   * All or nothing: when a call fails, every file is taken back to where it stood before the call (buffers, bytes on
   * disk, rotations), so the runner's retry of this batch neither repeats rows nor loses those of earlier calls.
   */
  async #doWrite(records: readonly IocRecord[]): Promise<WriteResult> {
    if (this.context.signal.aborted) throw new AbortedError("csv: write aborted");
    if (!this.#opened) await this.#doOpen();
    const undo = new WriteUndo();
    try {
      return await this.#appendAll(records, undo);
    } catch (error) {
      await undo.run();
      throw fileSystemError("csv: write failed", error);
    }
  }

  async #appendAll(records: readonly IocRecord[], undo: WriteUndo): Promise<WriteResult> {
    const outcomes: RecordOutcome[] = [];
    const day = utcDay(this.now());
    const { eol, writeDeletes } = this.config;
    const ledger = this.#ledger;
    // A page mostly comes from one collection: its slot is looked up once (slots stay open for the whole call).
    let lastCollection: string | undefined;
    let lastSlot: Slot | undefined;
    /** The file whose mark `undo` took last (`remember` keeps the first mark of a file anyway). */
    let remembered: OutputFile | undefined;
    for (const record of records) {
      const isDelete = record.action === "delete";
      if (isDelete && !writeDeletes) {
        outcomes.push(delivered());
        continue;
      }
      let slot: Slot;
      try {
        if (lastSlot !== undefined && record.source_collection === lastCollection) slot = lastSlot;
        else {
          slot = await this.#slotFor(record, day);
          lastCollection = record.source_collection;
          lastSlot = slot;
        }
      } catch (error) {
        // A file name this record's fields make unusable costs only this record; an output directory that cannot
        // be made, or a refused symlink, fails every record alike: the run stops with the configuration error.
        if (
          !(error instanceof ConfigError) ||
          error.code === "PATH_NOT_CREATABLE" ||
          error.code === "CSV_SYMLINK"
        )
          throw error;
        outcomes.push(permanent(permanentError(error.message, { code: error.code, details: error.details })));
        continue;
      }
      // #appendRow inlined, without a promise per record unless the row rotates or spills its file.
      const body = this.#rows.render(record);
      const bodyJsonSafe = this.#rows.jsonSafe;
      const row = body + eol;
      let target = slot;
      if (target.file !== remembered) undo.remember(target.file);
      if (this.#mustRotate(target.file, row)) {
        undo.rotation(target, this.#retired);
        target = await this.#rotate(target);
        undo.remember(target.file);
      }
      remembered = target.file;
      this.#startFile(target.file);
      target.file.append(row);
      if (target.file.pendingBytes >= SPILL_BYTES) await target.file.spill();
      if (ledger) this.#addLedgerLine(ledger, record, isDelete, body, bodyJsonSafe, target);
      outcomes.push(delivered());
    }
    return { outcomes };
  }

  /**
   * The ledger line of a written record: a deletion, or a live IOC with its delete row ready for a sweep. `target`
   * is where its row went (the slot after a rotation), and its position the end of that row.
   */
  #addLedgerLine(
    ledger: ExpiryLedger,
    record: IocRecord,
    isDelete: boolean,
    body: string,
    bodyJsonSafe: boolean,
    target: Slot,
  ): void {
    const at = this.#at;
    at.name = target.name;
    at.nameJson = target.nameJson;
    at.seq = target.entry.seq;
    // gzip: the committed offset counts compressed bytes, so a row's end is not known before the flush.
    at.offset = this.config.gzip ? 0 : target.file.length;
    const m = record.modified ?? record.created ?? "";
    if (isDelete) {
      ledger.addLine(deletionLine(record.key, m, at));
      return;
    }
    const expires = record.expires_at ?? record.valid_until;
    let deleteBody = body;
    let deleteBodyJsonSafe = bodyJsonSafe;
    if (this.#deleteRowDiffers) {
      deleteBody = this.#rows.render({ ...record, action: "delete" });
      deleteBodyJsonSafe = this.#rows.jsonSafe;
    }
    const line = liveLine(
      record.key,
      m,
      expires,
      record.source_collection,
      deleteBody,
      deleteBodyJsonSafe,
      this.config.eol,
      at,
    );
    ledger.addLine(line, expires ? expires : undefined);
  }

  /**
   * Appends one row to the slot's file, rotating first when it would pass rotate.max_bytes. Returns the slot the row
   * went to, whose file length is then the row's end. With `undo`, what it changes can be taken back when the write
   * call fails.
   */
  async #appendRow(slot: Slot, row: string, undo?: WriteUndo): Promise<Slot> {
    let target = slot;
    undo?.remember(target.file);
    if (this.#mustRotate(target.file, row)) {
      undo?.rotation(target, this.#retired);
      target = await this.#rotate(target);
      undo?.remember(target.file);
    }
    this.#startFile(target.file);
    target.file.append(row);
    if (target.file.pendingBytes >= SPILL_BYTES) await target.file.spill();
    return target;
  }

  /** Whether `row` would take a non-empty file past rotate.max_bytes. */
  #mustRotate(file: OutputFile, row: string): boolean {
    const { maxBytes } = this.config;
    return maxBytes !== undefined && file.length > 0 && file.length + Buffer.byteLength(row) > maxBytes;
  }

  /**
   * Append mode keeps a log, so expiry is a delete row (write_deletes: true), written for every IOC the expiry
   * ledger holds live whose validity passed at `request.now`, then made durable. The result's `state` (file offsets)
   * must be committed like a flush's; until it is, the ledger does not count these deletions, so a sweep cut off
   * by a crash is redone.
   */
  sweep(request: SweepRequest): Promise<SweepResult> {
    return this.#serial.run(async () => {
      const ledger = this.#ledger;
      if (!ledger) return { expired: 0, sample: [] };
      if (!this.#opened) await this.#doOpen();
      if (!ledger.mayHoldExpired(request)) return { expired: 0, sample: [] };
      const entries = await this.#io(() => ledger.load({ format: 1, files: this.#files }));
      const expired = ExpiryLedger.expired(entries, request);
      const sample = expired.slice(0, SWEEP_SAMPLE_SIZE).map((entry) => entry.k);
      if (request.dryRun || expired.length === 0) {
        if (!request.dryRun) ledger.adopt(ledger.earliestAfter(entries.values(), request.now));
        return { expired: expired.length, sample };
      }
      const day = utcDay(this.now());
      const written: Array<{ entry: LedgerEntry; slot: Slot }> = [];
      for (const entry of expired) {
        const slot = await this.#slotFor({ source_collection: entry.c ?? "" } as IocRecord, day);
        await this.#appendRow(slot, entry.r as string);
        written.push({ entry, slot });
      }
      // A deletion loaded from the ledger is committed and the newest of its key: nothing older is left to mask.
      const kept = [...entries.values()].filter((entry) => !entry.d);
      const learnt = ledger.earliestAfter(kept, request.now);
      const state: CsvSinkState = { ...(await this.#doFlush()), next_expiry: learnt };
      // Each swept IOC keeps its live line, masked by its deletion only once the checkpoint commits the flushed end
      // of the file its row went to (conservative: the end of the sweep's writes, not of the row).
      const deletions = written.map(
        ({ entry, slot }): LedgerEntry => ({
          k: entry.k,
          m: entry.m,
          d: 1,
          f: slot.name,
          s: slot.entry.seq,
          o: slot.entry.offset,
        }),
      );
      await this.#io(async () => {
        await ledger.removeTemp();
        await ledger.rewrite([...kept, ...deletions]);
      });
      ledger.adopt(learnt);
      return { expired: expired.length, sample, state };
    });
  }

  async #io<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new SinkError(`csv: the expiry ledger failed: ${(error as Error).message}`, {
        code: "CSV_IO",
        retryable: true,
        cause: error,
      });
    }
  }

  flush(): Promise<CsvSinkState> {
    return this.#serial.run(() => this.#doFlush());
  }

  async #doFlush(): Promise<CsvSinkState> {
    try {
      // The data files and the ledger are independent files: their fsyncs run together (both end before the
      // checkpoint may commit; ledger lines past a file's committed offset are ignored on load anyway).
      const synced = await Promise.allSettled([this.#syncOpenFiles(), this.#ledger?.persist()]);
      for (const outcome of synced) if (outcome.status === "rejected") throw outcome.reason;
      for (const file of this.#retired.splice(0)) await file.close();
      // Dated files are never written again once their day is over: release their descriptors (long --watch runs).
      const today = utcDay(this.now());
      for (const [name, { entry, file }] of this.#open) {
        if (entry.date !== undefined && entry.date < today) {
          await file.close();
          this.#open.delete(name);
        }
      }
      for (const directory of this.#newDirs) await syncDirectory(directory);
      this.#newDirs.clear();
    } catch (error) {
      throw fileSystemError("csv: could not make the data durable", error);
    }
    this.#pruneOldDays();
    const nextExpiry = this.#ledger?.nextExpiry;
    return {
      format: 1,
      files: structuredClone({ ...this.#files }),
      ...(nextExpiry !== undefined ? { next_expiry: nextExpiry } : {}),
    };
  }

  /** fsyncs every open output file and records how far each is now durable. */
  async #syncOpenFiles(): Promise<void> {
    for (const { entry, file } of this.#open.values()) {
      await file.sync();
      entry.offset = file.committedSize;
    }
  }

  close(): Promise<void> {
    return this.#serial.run(() => this.#doClose());
  }

  async #doClose(): Promise<void> {
    if (this.#closed) return;
    if (this.#opened) await this.#doFlush();
    for (const { file } of this.#open.values()) await file.close();
    this.#open.clear();
    await this.#ledger?.release();
    this.#opened = false;
    this.#closed = true;
  }

  #startFile(file: OutputFile): void {
    if (!file.isEmpty) return;
    if (this.config.bom) file.append(BOM);
    if (this.config.header) file.append(renderHeader(this.config));
  }

  #logicalName(record: IocRecord, day: string): string {
    let path = expandFileName(this.config.pathTemplate, this.context.baseDir, {
      job: this.context.job,
      collection: record.source_collection,
      date: day,
    });
    if (this.config.gzip && !path.endsWith(".gz")) path += ".gz";
    if (this.config.daily && !hasPlaceholder(this.config.pathTemplate, "date")) path = withSuffix(path, day);
    return path;
  }

  async #slotFor(record: IocRecord, day: string): Promise<Slot> {
    const cacheKey = `${record.source_collection}\0${day}`;
    let name = this.#names.get(cacheKey);
    if (name === undefined) {
      name = this.#logicalName(record, day);
      if (this.#names.size > 10_000) this.#names.clear();
      this.#names.set(cacheKey, name);
    }
    const existing = this.#open.get(name);
    if (existing) return existing;
    const dated = hasPlaceholder(this.config.pathTemplate, "date") || this.config.daily;
    // A file not in the committed state was created after the last commit, so all of it is uncommitted. Before any
    // commit at all, only a file carrying this sink's uncommitted marker is known to be ours (a torn first run).
    const firstRun = this.#committed === undefined;
    const tornRotations = firstRun ? await uncommittedRotations(name) : undefined;
    const keep = !firstRun || tornRotations !== undefined ? 0 : undefined;
    const entry: CsvFileState = { path: name, offset: 0, seq: 0, ...(dated ? { date: day } : {}) };
    const file = await OutputFile.open(name, keep, this.config.gzip, this.config.followSymlinks);
    if (keep === 0 && !file.created) {
      this.context.logger.warn(
        { file: name },
        "csv: emptied a file written after the last checkpoint (torn run)",
      );
    }
    if (keep === 0) await this.#dropRotations(name, 0, tornRotations ?? Number.POSITIVE_INFINITY);
    if (firstRun && (file.created || tornRotations !== undefined)) {
      await markUncommitted(name);
      this.#marked.add(name);
    } else if (!firstRun) await clearUncommittedMark(name);
    if (file.created) this.#newDirs.add(dirname(name));
    entry.offset = file.committedSize;
    this.#files[name] = entry;
    const slot: Slot = { entry, file, name, nameJson: jsonString(name) };
    this.#open.set(name, slot);
    return slot;
  }

  async #rotate(slot: Slot): Promise<Slot> {
    await slot.file.spill();
    this.#retired.push(slot.file);
    const seq = slot.entry.seq + 1;
    const logical = Object.entries(this.#files).find(([, e]) => e === slot.entry)?.[0] ?? slot.entry.path;
    const path = withSuffix(logical, String(seq));
    // A rotation target is always new: whatever is there came from a run that crashed before committing it.
    if (this.#marked.has(logical)) await markUncommitted(logical, seq);
    const file = await OutputFile.open(path, 0, this.config.gzip, this.config.followSymlinks);
    if (file.created) this.#newDirs.add(dirname(path));
    slot.entry.path = path;
    slot.entry.seq = seq;
    slot.entry.offset = 0;
    slot.file = file;
    return slot;
  }

  /**
   * Removes the rotation files of `logical` numbered after `after`: written after the last commit by a run that did
   * not finish, they hold only rows this run delivers again. Up to `upTo` (what a first-run marker recorded), or
   * while they exist.
   */
  async #dropRotations(logical: string, after: number, upTo: number): Promise<void> {
    let removed = 0;
    for (let seq = after + 1; seq <= upTo; seq++) {
      const path = withSuffix(logical, String(seq));
      const exists = await access(path).then(
        () => true,
        () => false,
      );
      if (!exists) {
        if (upTo === Number.POSITIVE_INFINITY) break;
        continue;
      }
      await rm(path);
      removed++;
    }
    if (removed === 0) return;
    await syncDirectory(dirname(logical));
    this.context.logger.warn(
      { file: logical, removed },
      "csv: removed rotation files written after the last checkpoint (torn run)",
    );
  }

  /** Dated names are never written again once their day is over: stop tracking them after a day of slack. */
  #pruneOldDays(): void {
    const yesterday = utcDay(new Date(this.now().getTime() - 86_400_000));
    for (const [name, entry] of Object.entries(this.#files)) {
      if (entry.date !== undefined && entry.date < yesterday && !this.#open.has(name))
        delete this.#files[name];
    }
  }
}
