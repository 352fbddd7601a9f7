import type { Logger, SinkContext } from "@taxiway/core";

export interface LogLine {
  level: string;
  args: unknown[];
}

/** A logger that records what it is given (for asserting warnings and that no secret is logged). */
export function recordingLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const logger: Record<string, unknown> = { lines, level: "info" };
  for (const level of ["trace", "debug", "info", "warn", "error", "fatal"]) {
    logger[level] = (...args: unknown[]) => {
      lines.push({ level, args });
    };
  }
  logger.child = () => logger;
  logger.isLevelEnabled = () => true;
  return logger as unknown as Logger & { lines: LogLine[] };
}

/** A SinkContext for tests: job `conformance`, sink `sinks[0]`, a fresh abort signal unless given. */
export function testSinkContext(overrides: Partial<SinkContext> = {}): SinkContext {
  return {
    job: "conformance",
    sinkId: "sinks[0]",
    logger: recordingLogger(),
    state: undefined,
    baseDir: process.cwd(),
    signal: new AbortController().signal,
    ...overrides,
  };
}
