import { createLogger, type SecretRegistry } from "@taxiway/core";

/** A logger that keeps every line in memory (for assertions) and prints nothing. */
export function memoryLogger(level = "trace", secrets?: SecretRegistry) {
  const lines: string[] = [];
  const logger = createLogger({
    level,
    format: "json",
    destination: { write: (line: string) => lines.push(line) },
    secrets,
  });
  return { logger, lines };
}
