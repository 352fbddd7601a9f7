import type { Page } from "../taxii/page.js";
import type { DropReason } from "./filters.js";

export interface SinkSummary {
  type: string;
  delivered: number;
  rejected: number;
  /** IOCs the end-of-run sweep removed or flagged because their validity had passed (sinks that sweep). */
  expired?: number;
  /** Why this sink's sweep failed (the run is then `partial`; the next sweep retries). */
  sweep_error?: { code: string; message: string };
}

/** What a run did. Printed as a table on a terminal and as JSON with --json; stored as `last_run` in the checkpoint. */
export interface RunSummary {
  job: string;
  status: "ok" | "partial" | "failed" | "stopped";
  started_at: string;
  finished_at?: string;
  elapsed_ms: number;
  dry_run: boolean;
  pages: number;
  objects: number;
  bytes: number;
  iocs: number;
  iocs_by_type: Record<string, number>;
  deletions: number;
  /** IOCs removed or flagged by the end-of-run sweep, all sinks together (DESIGN.md, Lifecycle). */
  expired: number;
  non_atomic: number;
  /** Comparisons on custom or unknown object types and properties: no IOC, the rest of the pattern extracted. */
  non_standard: number;
  /** Extraction problems (dead-lettered) and warnings (logged), by code: INVALID_VALUE, NON_STANDARD_PATH… */
  extract_issues: Record<string, number>;
  filtered: Partial<Record<DropReason | "object_type", number>>;
  dead_lettered: { decode: number; extract: number; sink: number; file?: string };
  sinks: Record<string, SinkSummary>;
  collections: Record<string, CollectionSummary>;
  /** True when the server had nothing after the checkpoint. */
  nothing_new: boolean;
  error?: { code: string; message: string };
}

/** One collection's part of a run. */
export interface CollectionSummary {
  pages: number;
  objects: number;
  added_after?: string;
  lag_ms?: number;
  /** How the cursor is kept: header (X-TAXII-Date-Added-Last), manifest (date_added per object) or seen-index. */
  strategy?: "header" | "manifest" | "seen-index";
  /** Polls that could not page on (the log says why); delivery resumes from the cursor on the next poll. */
  stalled?: number;
  stalled_reason?: string;
  /** Server habits met, by kind (header-garbage, header-backwards, added-after-ignored, …), counted per page. */
  server_habits?: Record<string, number>;
}

/** Adds what a page says about paging (strategy, stall, server habits) to its collection's summary. */
export function notePaging(
  stats: CollectionSummary,
  page: Pick<Page, "strategy" | "stalled" | "notices">,
): void {
  if (page.strategy) stats.strategy = page.strategy;
  if (page.stalled) {
    stats.stalled = (stats.stalled ?? 0) + 1;
    stats.stalled_reason = page.stalled;
  }
  for (const notice of page.notices ?? []) {
    stats.server_habits ??= {};
    stats.server_habits[notice.kind] = (stats.server_habits[notice.kind] ?? 0) + 1;
  }
}

export function emptySummary(job: string, dryRun: boolean): RunSummary {
  return {
    job,
    status: "ok",
    started_at: new Date().toISOString(),
    elapsed_ms: 0,
    dry_run: dryRun,
    pages: 0,
    objects: 0,
    bytes: 0,
    iocs: 0,
    iocs_by_type: {},
    deletions: 0,
    expired: 0,
    non_atomic: 0,
    non_standard: 0,
    extract_issues: {},
    filtered: {},
    dead_lettered: { decode: 0, extract: 0, sink: 0 },
    sinks: {},
    collections: {},
    nothing_new: true,
  };
}

export function addCounts<K extends string>(
  into: Partial<Record<K, number>>,
  from: Partial<Record<K, number>>,
): void {
  for (const [key, value] of Object.entries(from) as [K, number][]) into[key] = (into[key] ?? 0) + value;
}
