import type { RunSummary } from "@taxiway/core";
import { ConfigError, JobConfigError, TaxiwayError } from "@taxiway/core/config";
import type { CommandIo } from "../command.js";
import { exitCodeFor } from "./exit-code-for.js";

/** What every failed command reports: one line on stderr and, with `--json`, this object on stdout. */
export interface FailureReport {
  status: "failed";
  /** Stable error code (`TAXII_HTTP_401`, `CONFIG_INVALID`, `LOCKED`, …), as in README "Exit codes". */
  code: string;
  exit_code: number;
  message: string;
  problems?: unknown[];
  summary?: RunSummary;
}

export interface FailureOptions {
  json?: boolean;
  /** Masks every secret the command knows in both outputs. */
  redact?: (text: string) => string;
  /** The run summary so far, when the failure came after polling began. */
  summary?: RunSummary;
  /** `--log-level debug`/`trace`: the stack trace follows the one-line message. */
  debug?: boolean;
}

function codeOf(error: unknown): string {
  if (error instanceof TaxiwayError) return error.code;
  const system = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof system === "string" && /^E[A-Z]+$/.test(system) ? `SYSTEM_${system}` : "INTERNAL";
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split("\n")[0] ?? "";
  return error instanceof TaxiwayError
    ? line
    : `${line} (an unexpected error: please report it; --log-level debug shows where)`;
}

/** System errors a person causes and can fix, turned into the configuration errors they are. */
function known(error: unknown): unknown {
  const system = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (system?.code === "EADDRINUSE")
    return new ConfigError(
      `${system.address ?? "the address"}:${system.port ?? "?"} is already in use by another program: choose another port (--port, --listen or watch.listen)`,
      { code: "ADDRESS_IN_USE", cause: error },
    );
  return error;
}

/** The report of `error`, without writing it (for tests and for callers that add to it). */
export function describeFailure(failure: unknown, summary?: RunSummary): FailureReport {
  const error = known(failure);
  const problems = error instanceof JobConfigError ? error.problems : undefined;
  return {
    status: "failed",
    code: codeOf(error),
    exit_code: exitCodeFor(error),
    message:
      problems && problems.length > 1 ? `invalid job config: ${problems.length} problems` : firstLine(error),
    ...(problems ? { problems } : {}),
    ...(summary ? { summary } : {}),
  };
}

/**
 * Ends a command on `error`: a config error's problems one per line, then the one line
 * `taxiway: CODE: message` on stderr; with `json`, the {@link FailureReport} as one JSON line on stdout.
 * Returns the exit code (README "Exit codes").
 */
export function reportFailure(io: CommandIo, failure: unknown, options: FailureOptions = {}): number {
  const redact = options.redact ?? ((text: string) => text);
  const report = describeFailure(failure, options.summary);
  const lines: string[] = [];
  if (failure instanceof JobConfigError && failure.problems.length > 1)
    for (const line of failure.message.split("\n").slice(1)) lines.push(line);
  lines.push(`taxiway: ${report.code}: ${report.message}`);
  if (options.debug && failure instanceof Error && failure.stack) lines.push(failure.stack);
  io.stderr.write(redact(`${lines.join("\n")}\n`));
  if (options.json) io.stdout.write(redact(`${JSON.stringify(report)}\n`));
  return report.exit_code;
}
