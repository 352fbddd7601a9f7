import bytes from "bytes";
import parseDurationText from "parse-duration";
import { ConfigError } from "../errors/index.js";

/**
 * Durations and sizes, parsed in this one place for every key that accepts them (README "Config reference").
 * Libraries: parse-duration (`15m`, `30d`, `500ms`, `1h 30m`, `10 minutes`; a bare number is milliseconds) and
 * bytes, the size parser Express uses (`512kb`, `64mb`, `1gb`; binary multiples, 1kb = 1024 bytes; a bare number
 * is bytes). `kib`/`mib`/`gib` are read as `kb`/`mb`/`gb`, which bytes already treats as binary.
 */

/** JSON Schema `format` names that the job validator checks with the parsers below. */
export const DURATION_FORMAT = "duration";
export const SIZE_FORMAT = "size";

function nonNegative(value: number | null | undefined): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** `15m`, `30d`, `500ms`, `1h 30m` or milliseconds (a number, or digits in a string) → ms. Undefined when not a duration. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === "number") return nonNegative(value);
  if (value.trim() === "") return undefined;
  const ms = nonNegative(parseDurationText(value.trim()));
  return ms === undefined ? undefined : Math.round(ms);
}

/** `5mb`, `64kb`, `64MiB`, `1024` (bytes) → bytes. Undefined when not a size. */
export function parseSize(value: string | number): number | undefined {
  if (typeof value === "number") return nonNegative(value) === undefined ? undefined : Math.floor(value);
  const text = value.trim().replace(/([kmgtp])ib$/i, "$1b");
  if (text === "") return undefined;
  const size = nonNegative(bytes.parse(text));
  return size === undefined ? undefined : Math.floor(size);
}

/** Schema fragments for a duration or size property, accepting a string with a unit or a plain number. */
export function durationSchema(description: string): Record<string, unknown> {
  return {
    description: `${description} A duration such as 30s, 15m, 30d, or a number of milliseconds.`,
    anyOf: [
      { type: "string", format: DURATION_FORMAT },
      { type: "number", minimum: 0 },
    ],
  };
}

export function sizeSchema(description: string): Record<string, unknown> {
  return {
    description: `${description} A size such as 512kb, 64mb (1kb = 1024 bytes), or a number of bytes.`,
    anyOf: [
      { type: "string", format: SIZE_FORMAT },
      { type: "number", minimum: 0 },
    ],
  };
}

/**
 * A size setting resolved to bytes, within `[min, max]`: the schema admits `64kb` strings without bounds, so the
 * bounds are checked here. Throws ConfigError naming `key`.
 */
export function sizeSetting(
  value: string | number | undefined,
  key: string,
  bounds: { min?: number; max?: number; fallback: number },
): number;
export function sizeSetting(
  value: string | number | undefined,
  key: string,
  bounds: { min?: number; max?: number; fallback?: undefined },
): number | undefined;
export function sizeSetting(
  value: string | number | undefined,
  key: string,
  bounds: { min?: number; max?: number; fallback?: number },
): number | undefined {
  if (value === undefined) return bounds.fallback;
  const size = parseSize(value);
  const min = bounds.min ?? 0;
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  if (size === undefined || size < min || size > max)
    throw new ConfigError(
      `${key}: '${value}' is not a size between ${min} and ${max} bytes (write 64kb, 5mb or a number of bytes)`,
      { code: "CONFIG_INVALID", details: { key } },
    );
  return size;
}
