import type { Logger } from "../logging/index.js";
import { isLogLevel, LOG_LEVELS } from "../logging/levels.js";
import type { FromSourceWorker } from "./protocol.js";

/** A level's place in LOG_LEVELS: only the order matters (an unknown level counts as `info`). */
function rank(level: string): number {
  const index = (LOG_LEVELS as readonly string[]).indexOf(level);
  return index < 0 ? LOG_LEVELS.indexOf("info") : index;
}

/**
 * The worker's logger: each line the main thread's level lets through is posted to the main thread, which writes it
 * with its own logger (one output, one redaction of secrets). Takes pino's call shapes: (fields, message) or (message).
 */
export function forwardingLogger(
  level: string,
  post: (message: FromSourceWorker) => void,
  bindings: Record<string, unknown> = {},
): Logger {
  const threshold = rank(level);
  const logger: Record<string, unknown> = {
    level,
    isLevelEnabled: (asked: string) => isLogLevel(asked) && rank(asked) >= threshold,
    child: (more: Record<string, unknown>) => forwardingLogger(level, post, { ...bindings, ...more }),
  };
  for (const name of LOG_LEVELS) {
    if (name === "silent") continue;
    logger[name] =
      rank(name) < threshold
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
