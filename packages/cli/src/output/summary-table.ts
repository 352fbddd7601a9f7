import type { CollectionSummary, RunSummary } from "@taxiway/core";
import { plural } from "./plural.js";

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)}s` : `${Math.round(ms / 1000)}s`;
}

/** How far behind the feed the cursor is, in the largest fitting unit: `42m`, `3.5h`, `12d`. */
export function lag(ms: number | undefined): string {
  if (ms === undefined) return "-";
  const hours = ms / 3_600_000;
  return hours >= 48
    ? `${Math.round(hours / 24)}d`
    : hours >= 1
      ? `${hours.toFixed(1)}h`
      : `${Math.round(ms / 60_000)}m`;
}

function counts(map: Record<string, number | undefined>): string {
  const parts = Object.entries(map)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key} ${value}`);
  return parts.length > 0 ? parts.join(", ") : "none";
}

/** The end-of-run summary as aligned text. */
export function summaryTable(summary: RunSummary): string {
  const rows: Array<[string, string]> = [];
  const verdict =
    summary.nothing_new && summary.status === "ok"
      ? "ok — nothing new since the last checkpoint"
      : summary.status;
  rows.push([
    "job",
    `${summary.job}${summary.dry_run ? " (dry run: nothing written, nothing committed)" : ""}`,
  ]);
  rows.push(["result", verdict]);
  rows.push([
    "pages",
    `${summary.pages} (${plural(summary.objects, "object")}, ${(summary.bytes / 1024).toFixed(0)} KiB)`,
  ]);
  rows.push(["IOCs", `${summary.iocs}${summary.iocs ? ` — ${counts(summary.iocs_by_type)}` : ""}`]);
  if (summary.deletions) rows.push(["deletions", `${summary.deletions} (revoked or expired)`]);
  if (!summary.dry_run && Object.values(summary.sinks).some((sink) => sink.expired !== undefined))
    rows.push(["expired", `${summary.expired ?? 0} (swept: validity passed while the feed was silent)`]);
  if (summary.non_atomic)
    rows.push([
      "non-atomic",
      `${summary.non_atomic} comparisons not exact (MATCHES, LIKE, ranges…): reported, not IOCs`,
    ]);
  if (summary.non_standard)
    rows.push([
      "non-standard",
      `${summary.non_standard} comparisons on custom or unknown types and properties (x-…): reported, not IOCs`,
    ]);
  rows.push(["filtered", counts(summary.filtered)]);
  const dead = summary.dead_lettered;
  rows.push([
    "dead-lettered",
    `${dead.decode + dead.extract + dead.sink} (decode ${dead.decode}, extract ${dead.extract}, sink ${dead.sink})${dead.file ? ` → ${dead.file}` : ""}`,
  ]);
  for (const [id, sink] of Object.entries(summary.sinks))
    rows.push([
      `sink ${id}`,
      `${sink.delivered} written${sink.rejected ? `, ${sink.rejected} rejected` : ""}${sink.expired ? `, ${sink.expired} expired` : ""}${sink.sweep_error ? `, sweep failed: ${sink.sweep_error.code}` : ""}`,
    ]);
  for (const [name, collection] of Object.entries(summary.collections))
    rows.push([
      `collection ${name}`,
      `${plural(collection.objects, "object")} in ${plural(collection.pages, "page")}${taxiiCursor(collection)}${collection.stalled ? `, stalled: ${collection.stalled_reason ?? "no progress"}` : ""}`,
    ]);
  rows.push(["elapsed", seconds(summary.elapsed_ms)]);
  if (summary.error) rows.push(["error", `${summary.error.code}: ${summary.error.message}`]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return `${rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join("\n")}\n`;
}

/** A TAXII collection's cursor, strategy and feed lag; nothing for a source that keeps its own position (a file). */
function taxiiCursor(collection: CollectionSummary): string {
  if (collection.strategy === undefined && collection.added_after === undefined) return "";
  return `, cursor ${collection.added_after ?? "-"}${collection.strategy ? ` (${collection.strategy})` : ""}, feed lag ${lag(collection.lag_ms)}`;
}
