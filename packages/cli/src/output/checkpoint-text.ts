import type { CheckpointDocument } from "@taxiway/core";
import { plural } from "./plural.js";
import { sourceStateText } from "./source-state-text.js";
import { textTable } from "./text-table.js";

function brief(value: unknown): string {
  const text = JSON.stringify(value) ?? "";
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

/** `taxiway state JOB show` for people: cursors, sink states and the last run, without the raw boundary ids. */
export function checkpointText(document: CheckpointDocument, path: string): string {
  const lines = [
    `job ${document.job} · ${path} · revision ${document.revision} · updated ${document.updated_at}`,
    "",
  ];
  const collections = Object.entries(document.collections).map(([name, cursor]) => [
    name,
    cursor.added_after ?? (cursor.state ? sourceStateText(cursor.state) : "(beginning)"),
    cursor.boundary_ids?.length ? plural(cursor.boundary_ids.length, "object") : "-",
    cursor.next ? "yes" : "-",
  ]);
  lines.push(
    collections.length > 0
      ? textTable(["COLLECTION", "CONTINUES AFTER", "ALREADY HAVE AT THAT TIME", "NEXT TOKEN"], collections)
      : "no collection polled yet",
  );
  const sinks = Object.entries(document.sinks).map(([id, state]) => [id, brief(state)]);
  if (sinks.length > 0) lines.push("", textTable(["SINK", "STATE AT THE LAST COMMIT"], sinks));
  const run = document.last_run as
    | {
        status?: string;
        finished_at?: string;
        pages?: number;
        iocs?: number;
        elapsed_ms?: number;
        host?: string;
      }
    | undefined;
  if (run)
    lines.push(
      "",
      `last run: ${run.status ?? "?"} at ${run.finished_at ?? "?"}${run.host ? ` on ${run.host}` : ""}, ${plural(run.pages ?? 0, "page")}, ${plural(run.iocs ?? 0, "IOC")}, ${((run.elapsed_ms ?? 0) / 1000).toFixed(2)}s`,
    );
  lines.push("", "(the raw document: taxiway state JOB.yaml show --json)");
  return `${lines.join("\n")}\n`;
}
