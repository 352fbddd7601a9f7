import { compareTimestamps, parseTimestamp } from "../timestamps.js";

/** What an `X-TAXII-Date-Added-Last` (or `-First`) header turned out to be, against the committed cursor. */
export type HeaderReading =
  | { kind: "absent" }
  | { kind: "garbage"; raw: string }
  | { kind: "backwards"; value: string }
  | { kind: "usable"; value: string };

/**
 * Classifies a date header (TAXII 2.1 §3.3.1 / 2.0 §3.3.1: RFC 3339 timestamps). A header earlier than the
 * committed cursor is `backwards` and must never be committed; one that does not parse is `garbage`.
 */
export function readDateHeader(raw: string | undefined, committed: string | undefined): HeaderReading {
  const value = raw?.trim();
  if (!value) return { kind: "absent" };
  if (!parseTimestamp(value)) return { kind: "garbage", raw: value.slice(0, 80) };
  if (committed !== undefined && compareTimestamps(value, committed) < 0) return { kind: "backwards", value };
  return { kind: "usable", value };
}
