import type { RunSummary } from "@taxiway/core";
import { plural } from "./plural.js";
import type { StatusLine } from "./status-line.js";
import { lag } from "./summary-table.js";

/** Draws the run's progress on the status line after each page (terminals only; a no-op elsewhere). */
export function progressLine(status: StatusLine): ((summary: Readonly<RunSummary>) => void) | undefined {
  if (!status.isTTY) return undefined;
  const started = performance.now();
  return (summary) => {
    const seconds = Math.max((performance.now() - started) / 1000, 0.001);
    const dead = summary.dead_lettered.decode + summary.dead_lettered.extract + summary.dead_lettered.sink;
    const lags = Object.values(summary.collections).flatMap((c) =>
      c.lag_ms === undefined ? [] : [c.lag_ms],
    );
    const behind = lags.length > 0 ? ` · feed lag ${lag(Math.max(...lags))}` : "";
    status.show(
      `${plural(summary.pages, "page")} · ${plural(summary.objects, "object")} (${Math.round(summary.objects / seconds)}/s) · ${plural(summary.iocs, "IOC")} · dead-lettered ${dead}${behind}`,
    );
  };
}
