import {
  ConnectorRegistry,
  createLogger,
  type LoadedJob,
  type Logger,
  loadJobFile,
  SecretRegistry,
} from "@taxiway/core";
import type { CommandIo } from "./command.js";

export interface PreparedJob {
  loaded: LoadedJob;
  logger: Logger;
  secrets: SecretRegistry;
  /** Writes to stdout with every secret masked. */
  print(text: string): void;
}

export interface PrepareOptions {
  logLevel?: string;
  logFormat?: "json" | "pretty" | "auto";
  registry?: ConnectorRegistry;
}

/** Loads a job file and builds the logger and output writers that mask its secrets. */
export async function prepareJob(
  path: string,
  io: CommandIo,
  options: PrepareOptions = {},
): Promise<PreparedJob> {
  const secrets = new SecretRegistry();
  const loaded = await loadJobFile(path, {
    env: io.env,
    secrets,
    registry: options.registry ?? new ConnectorRegistry(),
  });
  const logger = createLogger({
    level: options.logLevel ?? loaded.job.logging?.level ?? "info",
    format: options.logFormat ?? loaded.job.logging?.format ?? "auto",
    destination: io.stderr as unknown as { write(text: string): unknown; isTTY?: boolean },
    secrets,
  });
  return { loaded, logger, secrets, print: (text) => io.stdout.write(secrets.redact(text)) };
}
