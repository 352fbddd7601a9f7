import { access, constants, mkdir } from "node:fs/promises";
import {
  AbortedError,
  type CheckResult,
  ConfigError,
  delivered,
  type IocRecord,
  permanent,
  permanentError,
  type RecordOutcome,
  type Sink,
  type SinkContext,
  SinkError,
  type WriteResult,
} from "@taxiway/core";
import type { ResolvedCsvConfig } from "./config.js";
import { anchorDirectory, expandFileName } from "./file-name.js";
import { renderHeader, renderRow } from "./row.js";
import { SnapshotFile, type StoredRow } from "./snapshot-file.js";

/** Pending changes kept before a merge is forced inside `write` (bounds memory whatever the page size). */
const MAX_PENDING = 50_000;

/**
 * Snapshot mode: each file holds only the currently valid IOCs (revoked, deleted and expired ones removed),
 * rewritten and swapped in atomically on every flush. Idempotent by key and version, so a re-delivered page
 * changes nothing: no offsets need to be checkpointed.
 */
export class CsvSnapshotSink implements Sink {
  readonly type = "csv";
  readonly #pending = new Map<string, Map<string, StoredRow>>();
  readonly #files = new Map<string, SnapshotFile>();
  #rows: Record<string, number> = {};

  constructor(
    private readonly config: ResolvedCsvConfig,
    private readonly context: SinkContext,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async check(): Promise<CheckResult> {
    const directory = anchorDirectory(this.config.pathTemplate, this.context.baseDir);
    try {
      await mkdir(directory, { recursive: true });
      await access(directory, constants.W_OK);
      return { ok: true, message: `csv snapshot: can write files in ${directory}` };
    } catch (error) {
      return {
        ok: false,
        message: `csv snapshot: cannot write in ${directory}: ${(error as Error).message}`,
      };
    }
  }

  async open(): Promise<void> {}

  async write(records: readonly IocRecord[]): Promise<WriteResult> {
    if (this.context.signal.aborted) throw new AbortedError("csv: write aborted");
    const outcomes: RecordOutcome[] = [];
    for (const record of records) {
      let path: string;
      try {
        path = this.#pathFor(record);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        outcomes.push(permanent(permanentError(error.message, { code: error.code, details: error.details })));
        continue;
      }
      const pending = this.#pendingFor(path);
      const change: StoredRow = {
        k: record.key,
        m: record.modified ?? record.created ?? "",
        ...((record.expires_at ?? record.valid_until)
          ? { x: (record.expires_at ?? record.valid_until) as string }
          : {}),
        ...(record.action === "delete" || record.revoked ? {} : { r: renderRow(record, this.config) }),
      };
      const previous = pending.get(change.k);
      if (!previous || previous.m <= change.m) pending.set(change.k, change);
      outcomes.push(delivered());
    }
    let total = 0;
    for (const pending of this.#pending.values()) total += pending.size;
    if (total > MAX_PENDING) await this.#merge();
    return { outcomes };
  }

  async flush(): Promise<unknown> {
    await this.#merge();
    return { format: 1, snapshot: { ...this.#rows } };
  }

  async close(): Promise<void> {
    await this.flush();
  }

  #pathFor(record: IocRecord): string {
    let path = expandFileName(this.config.pathTemplate, this.context.baseDir, {
      job: this.context.job,
      collection: record.source_collection,
      date: this.now().toISOString().slice(0, 10),
    });
    if (this.config.gzip && !path.endsWith(".gz")) path += ".gz";
    return path;
  }

  #pendingFor(path: string): Map<string, StoredRow> {
    let pending = this.#pending.get(path);
    if (!pending) {
      pending = new Map();
      this.#pending.set(path, pending);
      if (!this.#files.has(path)) this.#files.set(path, new SnapshotFile(path, this.config.gzip));
    }
    return pending;
  }

  async #merge(): Promise<void> {
    const prefix = (this.config.bom ? "\uFEFF" : "") + (this.config.header ? renderHeader(this.config) : "");
    const now = this.now().toISOString();
    try {
      for (const [path, file] of this.#files) {
        const pending = this.#pending.get(path) ?? new Map<string, StoredRow>();
        if (pending.size === 0 && !(await file.needsRebuild())) continue;
        await file.removeTemps();
        this.#rows[path] = await file.merge(pending, prefix, now);
        this.#pending.delete(path);
      }
    } catch (error) {
      throw new SinkError(`csv snapshot: could not write the snapshot: ${(error as Error).message}`, {
        code: "CSV_IO",
        retryable: true,
        cause: error,
      });
    }
  }
}
