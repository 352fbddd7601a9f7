import { ConfigError } from "../errors/index.js";

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/i;
const DURATION_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib)?$/i;
const SIZE_BYTES: Record<string, number> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** JSON Schema pattern accepted for durations in job files. */
export const DURATION_PATTERN = "^\\d+(\\.\\d+)?\\s*(ms|s|m|h|d|w)$";
export const SIZE_PATTERN = "^\\d+(\\.\\d+)?\\s*(b|kb|mb|gb|kib|mib|gib)?$";

/** `15m`, `30d`, `500ms` or a number of milliseconds → ms. Undefined when not a duration. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  const match = DURATION.exec(value.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * (DURATION_MS[(match[2] as string).toLowerCase()] as number));
}

/** `5mb`, `64MiB`, `1024` (bytes) → bytes. Undefined when not a size. */
export function parseSize(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
  const match = SIZE.exec(value.trim());
  if (!match) return undefined;
  return Math.floor(Number(match[1]) * (SIZE_BYTES[(match[2] ?? "b").toLowerCase()] as number));
}

/** Schema fragments for a duration or size property, accepting a string with a unit or a plain number. */
export function durationSchema(description: string): Record<string, unknown> {
  return {
    description: `${description} A duration such as 30s, 15m, 30d, or a number of milliseconds.`,
    anyOf: [
      { type: "string", pattern: DURATION_PATTERN },
      { type: "number", minimum: 0 },
    ],
  };
}

export function sizeSchema(description: string): Record<string, unknown> {
  return {
    description: `${description} A size such as 512kb, 64mb, or a number of bytes.`,
    anyOf: [
      { type: "string", pattern: SIZE_PATTERN },
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
  const bytes = parseSize(value);
  const min = bounds.min ?? 0;
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  if (bytes === undefined || bytes < min || bytes > max)
    throw new ConfigError(
      `${key}: '${value}' is not a size between ${min} and ${max} bytes (write 64kb, 5mb or a number of bytes)`,
      { code: "CONFIG_INVALID", details: { key } },
    );
  return bytes;
}
