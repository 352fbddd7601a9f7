import { createLogger, type Logger, type LoggerOptions, loadPrettyLogs, usesPrettyLogs } from "@taxiway/core";

/** `createLogger`, with pino-pretty imported first only when the lines will be pretty (a terminal, `format: pretty`). */
export async function openLogger(options: LoggerOptions): Promise<Logger> {
  if (usesPrettyLogs(options)) await loadPrettyLogs();
  return createLogger(options);
}
