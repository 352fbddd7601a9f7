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
  filtered: Partial<Record<DropReason | "object_type", number>>;
  dead_lettered: { decode: number; extract: number; sink: number; file?: string };
  sinks: Record<string, SinkSummary>;
  collections: Record<string, { pages: number; objects: number; added_after?: string; lag_ms?: number }>;
  /** True when the server had nothing after the checkpoint. */
  nothing_new: boolean;
  error?: { code: string; message: string };
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
