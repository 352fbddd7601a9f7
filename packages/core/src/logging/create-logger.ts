import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
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

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stderr;
  const safe = redactingSink(destination, options.secrets);
  const format = options.format ?? "auto";
  const usePretty = format === "pretty" || (format === "auto" && destination.isTTY === true);
  const base = { level: options.level ?? "info", base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  if (usePretty) {
    const stream = pretty({
      destination: { write: (text: string) => safe.write(text) } as unknown as NodeJS.WritableStream,
      sync: true,
      colorize: destination.isTTY === true,
      translateTime: "SYS:HH:MM:ss",
      ignore: "pid,hostname",
    });
    return pino(base, stream);
  }
  return pino(base, { write: (text: string) => safe.write(text) });
}
