import { access, constants } from "node:fs/promises";
import {
  AbortedError,
  type CheckResult,
  ConfigError,
  delivered,
  ensureDirectory,
  fileSystemError,
  hasExpired,
  type IocRecord,
  Limiter,
  permanent,
  permanentError,
  type RecordOutcome,
  type Sink,
  type SinkContext,
  SWEEP_SAMPLE_SIZE,
  type SweepRequest,
  type SweepResult,
  type WriteResult,
} from "@taxiway/core";
import type { ResolvedCsvConfig } from "./config.js";
import { anchorDirectory, expandFileName } from "./file-name.js";
import { renderHeader, renderRow } from "./row.js";
import { SnapshotFile, type StoredRow, supersedes } from "./snapshot-file.js";

/** Journaled changes that trigger a merge into the snapshot at flush. */
const MERGE_AT = 20_000;
/** Pending changes that force a merge inside `write` (bounds memory whatever the page size). */
const MAX_PENDING = 100_000;

interface Target {
  file: SnapshotFile;
  /** Every change not yet merged into the snapshot (journaled or not), newest per key. */
  pending: Map<string, StoredRow>;
  /** Changes since the last flush, to append to the journal. */
  unjournaled: StoredRow[];
}

/**
 * Snapshot mode: each file holds only the currently valid IOCs (revoked, deleted and expired ones removed),
 * rewritten and swapped in atomically. `flush` makes a page durable by appending it to a journal (cheap);
 * the snapshot itself is rewritten when the journal holds `MERGE_AT` changes and on `close`, so a large initial
 * load costs a few passes over the snapshot, not one per page. Idempotent by key and version: a re-delivered
 * page changes nothing, so no offsets need to be checkpointed.
 */
export class CsvSnapshotSink implements Sink {
  readonly type = "csv";
  readonly #serial = new Limiter(1);
  readonly #targets = new Map<string, Target>();
  #rows: Record<string, number> = {};

  constructor(
    private readonly config: ResolvedCsvConfig,
    private readonly context: SinkContext,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async check(): Promise<CheckResult> {
    const directory = anchorDirectory(this.config.pathTemplate, this.context.baseDir);
    try {
      await ensureDirectory(directory);
      await access(directory, constants.W_OK);
      return { ok: true, message: `csv snapshot: can write files in ${directory}` };
    } catch (error) {
      return {
        ok: false,
        message: `csv snapshot: cannot write in ${directory}: ${(error as Error).message}`,
        configuration: error instanceof ConfigError,
      };
    }
  }

  open(): Promise<void> {
    return this.#serial.run(() => this.#doOpen());
  }

  async #doOpen(): Promise<void> {
    // A path without per-record placeholders is known now: pick up what an earlier run journaled but never merged.
    if (!/\{(collection|date)\}/.test(this.config.pathTemplate)) {
      await this.#target(this.#pathFor(this.config.pathTemplate, ""));
    }
  }

  write(records: readonly IocRecord[]): Promise<WriteResult> {
    return this.#serial.run(() => this.#doWrite(records));
  }

  async #doWrite(records: readonly IocRecord[]): Promise<WriteResult> {
    if (this.context.signal.aborted) throw new AbortedError("csv: write aborted");
    const outcomes: RecordOutcome[] = [];
    for (const record of records) {
      let target: Target;
      try {
        target = await this.#target(this.#pathFor(this.config.pathTemplate, record.source_collection));
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        outcomes.push(permanent(permanentError(error.message, { code: error.code, details: error.details })));
        continue;
      }
      const expires = record.expires_at ?? record.valid_until;
      const change: StoredRow = {
        k: record.key,
        m: record.modified ?? record.created ?? "",
        ...(expires ? { x: expires } : {}),
        ...(record.action === "delete" || record.revoked ? {} : { r: renderRow(record, this.config) }),
      };
      const previous = target.pending.get(change.k);
      if (!previous || supersedes(change, previous)) target.pending.set(change.k, change);
      target.unjournaled.push(change);
      outcomes.push(delivered());
    }
    let total = 0;
    for (const target of this.#targets.values()) total += target.pending.size;
    if (total > MAX_PENDING) await this.#mergeAll(0);
    return { outcomes };
  }

  flush(): Promise<unknown> {
    return this.#serial.run(() => this.#doFlush());
  }

  async #doFlush(): Promise<unknown> {
    await this.#io(async () => {
      for (const target of this.#targets.values()) {
        await target.file.appendJournal(target.unjournaled);
        target.unjournaled = [];
      }
    });
    await this.#mergeAll(MERGE_AT);
    return { format: 1, snapshot: { ...this.#rows } };
  }

  close(): Promise<void> {
    return this.#serial.run(() => this.#doClose());
  }

  async #doClose(): Promise<void> {
    await this.#mergeAll(0);
  }

  #pathFor(template: string, collection: string): string {
    let path = expandFileName(template, this.context.baseDir, {
      job: this.context.job,
      collection,
      date: this.now().toISOString().slice(0, 10),
    });
    if (this.config.gzip && !path.endsWith(".gz")) path += ".gz";
    return path;
  }

  async #target(path: string): Promise<Target> {
    let target = this.#targets.get(path);
    if (!target) {
      target = { file: new SnapshotFile(path, this.config.gzip), pending: new Map(), unjournaled: [] };
      await target.file.loadJournal(target.pending);
      this.#targets.set(path, target);
    }
    return target;
  }

  /**
   * Snapshot mode drops expired rows at every merge; a sweep forces one over every snapshot this sink knows (the
   * configured path, and those written in this run when the path has {collection} or {date}), judged at
   * `request.now`, with `expire_after` applied to rows without an expiry. A dry run only reads the stores.
   */
  sweep(request: SweepRequest): Promise<SweepResult> {
    return this.#serial.run(async () => {
      const isExpired = (row: StoredRow) =>
        hasExpired({ ...(row.x ? { expires_at: row.x } : {}), modified: row.m }, request);
      const result: SweepResult = { expired: 0, sample: [] };
      const add = (found: { expired: number; sample: string[] }) => {
        result.expired += found.expired;
        result.sample.push(...found.sample.slice(0, SWEEP_SAMPLE_SIZE - result.sample.length));
      };
      if (request.dryRun) {
        for (const target of this.#targets.values())
          add(await target.file.expiredRows(target.pending, isExpired));
        return result;
      }
      await this.#mergeAll(0, isExpired, add, true);
      return result;
    });
  }

  /**
   * Merges every target holding at least `threshold` pending changes (0: any, or a stale CSV after a crash; with
   * `everyTarget`, all of them), dropping what `isExpired` says (by default: an expiry at or before the sink's clock).
   */
  async #mergeAll(
    threshold: number,
    isExpired: (row: StoredRow) => boolean = this.#expiredAtClock(),
    onExpired: (found: { expired: number; sample: string[] }) => void = () => {},
    everyTarget = false,
  ): Promise<void> {
    const prefix = (this.config.bom ? "\uFEFF" : "") + (this.config.header ? renderHeader(this.config) : "");
    await this.#io(async () => {
      for (const [path, target] of this.#targets) {
        const due = everyTarget || (target.pending.size > 0 && target.pending.size >= threshold);
        if (!due && !(threshold === 0 && (await target.file.needsRebuild()))) continue;
        // Journal first: a crash during the merge must not lose changes already acknowledged as durable.
        await target.file.appendJournal(target.unjournaled);
        target.unjournaled = [];
        await target.file.removeTemps();
        const merged = await target.file.merge(target.pending, prefix, isExpired);
        this.#rows[path] = merged.rows;
        onExpired(merged);
        target.pending = new Map();
        await target.file.clearJournal();
      }
    });
  }

  #expiredAtClock(): (row: StoredRow) => boolean {
    const now = this.now().getTime();
    return (row) => row.x !== undefined && Date.parse(row.x) <= now;
  }

  async #io(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      throw fileSystemError("csv snapshot: could not write the snapshot", error);
    }
  }
}
