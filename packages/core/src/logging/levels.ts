/** pino's level names, least to most severe; `silent` logs nothing. Its own module, so a worker needs no pino for it. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

/** A level a line can be written at (every level but `silent`). */
export type LineLevel = Exclude<(typeof LOG_LEVELS)[number], "silent">;

export function isLogLevel(value: string): value is (typeof LOG_LEVELS)[number] {
  return (LOG_LEVELS as readonly string[]).includes(value);
}
