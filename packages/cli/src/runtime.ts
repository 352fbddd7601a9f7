import {
  type ConnectorRegistry,
  isLogLevel,
  LOG_LEVELS,
  type LoadedJob,
  type Logger,
  loadJobFile,
  SecretRegistry,
} from "@taxiway/core";
import { UsageError } from "./args.js";
import { bundledRegistry } from "./bundled-connectors.js";
import type { CommandIo } from "./command.js";
import { openLogger } from "./output/logger.js";
import { StatusLine } from "./output/status-line.js";
import { precompiledValidators } from "./precompiled-validators.js";

export type LogFormat = "json" | "pretty" | "auto";
const LOG_FORMATS: readonly LogFormat[] = ["json", "pretty", "auto"];

export interface PreparedJob {
  loaded: LoadedJob;
  logger: Logger;
  secrets: SecretRegistry;
  /** stderr shared by the log records and the progress line. */
  status: StatusLine;
  /** Writes to stdout with every secret masked. */
  print(text: string): void;
}

export interface LoggingFlags {
  logLevel?: string;
  logFormat?: string;
}

export interface PrepareOptions extends LoggingFlags {
  registry?: ConnectorRegistry;
}

/** `--log-level` / `--log-format` as given, checked: a wrong value is a usage error (exit 64), not a crash. */
export function checkLoggingFlags(flags: LoggingFlags): { level?: string; format?: LogFormat } {
  if (flags.logLevel !== undefined && !isLogLevel(flags.logLevel))
    throw new UsageError(`--log-level '${flags.logLevel}' is not one of ${LOG_LEVELS.join(", ")}`);
  if (flags.logFormat !== undefined && !LOG_FORMATS.includes(flags.logFormat as LogFormat))
    throw new UsageError(`--log-format '${flags.logFormat}' is not one of ${LOG_FORMATS.join(", ")}`);
  return { level: flags.logLevel, format: flags.logFormat as LogFormat | undefined };
}

/** Loads a job file and builds the logger and output writers that mask its secrets. */
export async function prepareJob(
  path: string,
  io: CommandIo,
  options: PrepareOptions = {},
): Promise<PreparedJob> {
  const flags = checkLoggingFlags(options);
  const secrets = new SecretRegistry();
  const loaded = await loadJobFile(path, {
    env: io.env,
    secrets,
    registry: options.registry ?? bundledRegistry(),
    precompiled: precompiledValidators,
  });
  const status = new StatusLine(io.stderr);
  const logger = await openLogger({
    level: flags.level ?? loaded.job.logging?.level ?? "info",
    format: flags.format ?? loaded.job.logging?.format ?? "auto",
    destination: status,
    secrets,
  });
  return { loaded, logger, secrets, status, print: (text) => io.stdout.write(secrets.redact(text)) };
}
