import pino, { type Logger } from "pino";
import { prettyFactory } from "./pretty.js";
import type { SecretRegistry } from "./secrets.js";

export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface LoggerOptions {
  level?: string;
  /** `auto`: pretty on a TTY, JSON otherwise. */
  format?: "json" | "pretty" | "auto";
  /** Where lines go (default stderr: stdout is for the summary and --json output). */
  destination?: TextSink;
  secrets?: SecretRegistry;
  /** ANSI colours in pretty output; default: only on a TTY and when `NO_COLOR` is unset (no-color.org). */
  color?: boolean;
}

/** A sink that masks every known secret in each chunk before it reaches the destination. */
export function redactingSink(
  destination: TextSink,
  secrets?: SecretRegistry,
): { write(text: string): void } {
  return {
    write(text: string) {
      destination.write(secrets ? secrets.redact(text) : text);
    },
  };
}

/** The levels pino accepts for `level` (`silent` included). */

/** Whether `createLogger(options)` renders pretty lines (then `await loadPrettyLogs()` first spares a sync load). */
export function usesPrettyLogs(options: Pick<LoggerOptions, "format" | "destination"> = {}): boolean {
  const format = options.format ?? "auto";
  return format === "pretty" || (format === "auto" && (options.destination ?? process.stderr).isTTY === true);
}

/**
 * A pino logger writing one record per line to `destination`, every known secret masked.
 * Pretty output is rendered in-process by pino-pretty's `prettyFactory` (no worker thread, no stream
 * object required of the destination), so it works on a terminal, a pipe and a test buffer alike.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stderr;
  const safe = redactingSink(destination, options.secrets);
  const usePretty = usesPrettyLogs(options);
  const base = { level: options.level ?? "info", base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  if (usePretty) {
    const prettify = prettyFactory()({
      colorize: options.color ?? (destination.isTTY === true && !process.env.NO_COLOR),
      translateTime: "SYS:HH:MM:ss",
      ignore: "pid,hostname",
    });
    return pino(base, { write: (line: string) => safe.write(prettify(line)) });
  }
  return pino(base, { write: (text: string) => safe.write(text) });
}
