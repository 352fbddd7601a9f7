const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:?\d{2})$/;

export interface ParsedTimestamp {
  /** Epoch microseconds (UTC). */
  micros: number;
  /** Digits after the decimal point as the server wrote them. */
  fractionDigits: number;
  /** `Z` or the numeric offset as written. */
  zone: string;
}

export function parseTimestamp(value: string): ParsedTimestamp | undefined {
  const match = RFC3339.exec(value.trim());
  if (!match) return undefined;
  let zone = match[4] as string;
  const isoZone =
    zone.toUpperCase() === "Z" ? "Z" : zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const millis = Date.parse(`${match[1]}T${match[2]}${isoZone}`);
  if (Number.isNaN(millis)) return undefined;
  const fraction = match[3] ?? "";
  if (zone === "z") zone = "Z";
  return {
    micros: millis * 1000 + Number(fraction.padEnd(6, "0").slice(0, 6)),
    fractionDigits: fraction.length,
    zone,
  };
}

export function compareTimestamps(a: string, b: string): number {
  const x = parseTimestamp(a);
  const y = parseTimestamp(b);
  if (!x || !y) return a.localeCompare(b);
  return x.micros - y.micros;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** Renders epoch µs in the same style (fraction digits, zone) as `like`: send servers their own format back. */
export function formatLike(micros: number, like: ParsedTimestamp): string {
  const offsetMinutes =
    like.zone === "Z"
      ? 0
      : (like.zone.startsWith("-") ? -1 : 1) *
        (Number(like.zone.slice(1, 3)) * 60 + Number(like.zone.slice(-2)));
  const shifted = Math.floor(micros / 1000) + offsetMinutes * 60_000;
  const date = new Date(shifted);
  const base = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const subSecondMicros = ((micros % 1_000_000) + 1_000_000) % 1_000_000;
  const fraction =
    like.fractionDigits > 0 ? `.${pad(subSecondMicros, 6).padEnd(9, "0").slice(0, like.fractionDigits)}` : "";
  return `${base}${fraction}${like.zone}`;
}

/**
 * The timestamp 1 ms before `value`, in the server's form with at least millisecond digits: an inclusive
 * `added_after`.
 */
export function justBefore(value: string): string {
  const parsed = parseTimestamp(value);
  if (!parsed) return value;
  // At least millisecond digits: one second back would let an inclusive server answer with older objects.
  const form = { ...parsed, fractionDigits: Math.max(3, parsed.fractionDigits) };
  const unitMicros = form.fractionDigits >= 6 ? 1 : 10 ** (6 - form.fractionDigits);
  return formatLike(parsed.micros - Math.max(unitMicros, 1000), form);
}

/**
 * A configured timestamp (`source.added_after`, `--since`) in the form servers accept: UTC with at least
 * millisecond digits (`2024-01-01T00:00:00Z` → `2024-01-01T00:00:00.000Z`), as TAXII 2.1 §3.2 timestamps are
 * written by most servers. More digits are kept; an unparseable value is returned as is (config validation
 * reports it).
 */
export function serverTimestamp(value: string): string {
  const parsed = parseTimestamp(value);
  if (!parsed) return value;
  return formatLike(parsed.micros, {
    micros: parsed.micros,
    fractionDigits: Math.max(3, parsed.fractionDigits),
    zone: "Z",
  });
}
