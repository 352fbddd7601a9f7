import type { Logger } from "../logging/index.js";
import type { FromSourceWorker, LogLevel } from "./protocol.js";

const LEVELS: readonly LogLevel[] = ["trace", "debug", "info", "warn", "error", "fatal"];
const RANK: Record<string, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: 100,
};

/**
 * The worker's logger: each line the main thread's level lets through is posted to the main thread, which writes it
 * with its own logger (one output, one redaction of secrets). Takes pino's call shapes: (fields, message) or (message).
 */
export function forwardingLogger(
  level: string,
  post: (message: FromSourceWorker) => void,
  bindings: Record<string, unknown> = {},
): Logger {
  const threshold = RANK[level] ?? RANK.info;
  const logger: Record<string, unknown> = {
    level,
    isLevelEnabled: (asked: string) => (RANK[asked] ?? 0) >= (threshold as number),
    child: (more: Record<string, unknown>) => forwardingLogger(level, post, { ...bindings, ...more }),
  };
  for (const name of LEVELS) {
    logger[name] =
      (RANK[name] as number) < (threshold as number)
        ? () => {}
        : (fields: unknown, message?: string) =>
            typeof fields === "string"
              ? post({ type: "log", level: name, bindings, fields: {}, message: fields })
              : post({ type: "log", level: name, bindings, fields: plain(fields), message });
  }
  return logger as unknown as Logger;
}

/** Log fields as cloneable data: an Error becomes its name and message (a class instance cannot cross threads). */
function plain(fields: unknown): unknown {
  if (fields instanceof Error) return { err: { name: fields.name, message: fields.message } };
  if (typeof fields !== "object" || fields === null) return fields;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields))
    copy[key] = value instanceof Error ? { name: value.name, message: value.message } : value;
  return copy;
}
