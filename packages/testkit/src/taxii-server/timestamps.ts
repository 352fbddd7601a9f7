import type { ServerQuirks } from "./options.js";

const BASE = Date.UTC(2026, 0, 1);

export function defaultDateAdded(index: number): string {
  return new Date(BASE + index * 1000).toISOString();
}

/** Renders a date_added as a header the way the configured quirk says. */
export function headerTimestamp(value: string, style: ServerQuirks["headerTimestamps"]): string {
  if (style === "seconds") return value.replace(/\.\d+Z$/, "Z");
  if (style === "offset") return value.replace(/Z$/, "+00:00");
  return value;
}

/** Parses a client's added_after leniently (RFC 3339 with or without fraction or offset) to epoch µs for comparison. */
export function timestampKey(value: string): number | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i.exec(
    value.trim(),
  );
  if (!match) return undefined;
  const millis = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(millis)) return undefined;
  const micros = Number((match[2] ?? "").padEnd(6, "0").slice(0, 6));
  return millis * 1000 + micros;
}
