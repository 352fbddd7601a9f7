import type { Server } from "node:http";
import { type Logger, parseDuration, SecretRegistry } from "@taxiway/core";
import { parseFlags, UsageError } from "../args.js";
import { bundledRegistry } from "../bundled-connectors.js";
import type { Command, CommandIo } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { startEndpoints } from "../health-server.js";
import { reportFailure } from "../output/failure.js";
import { openLogger } from "../output/logger.js";
import { checkLoggingFlags, type LogFormat } from "../runtime.js";
import { JobSetError, ServeProcess } from "../serve/index.js";
import { stopOnSignals } from "./run-signals.js";

const usage = `Usage: taxiway serve DIR | JOB.yaml… [options]

Runs many jobs in one long-running process, each on its own schedule: the job's schedule: (cron, UTC) or
interval: (default watch.interval, else 15m). A failed run backs off (doubling, up to 1h); a run that finds the job
held by another worker (its lock or lease) is skipped until its next time. Each job's expiry sweep runs every
watch.sweep_interval (default 1h). DIR: every *.yaml / *.yml file in it (not recursive).

Signals: SIGHUP re-reads the job files (added, removed, changed; a changed job's running run finishes first; a
bad file is reported and keeps its previous version). SIGTERM/SIGINT drain: running pages finish and commit, then
exit 0; the same signal again or the grace time running out exits 1 at once (locks are still released).
Exit codes: 0 drained, 2 a bad job file at start-up (each problem listed), 64 usage.

Options:
  --concurrency N     runs at once across all jobs (default 4)
  --listen HOST:PORT  serve /healthz, /readyz and Prometheus /metrics (per-job labels)
  --grace D           after SIGTERM/SIGINT, how long running pages may take (default 30s)
  --log-level L       trace, debug, info, warn, error, silent (default info)
  --log-format F      json, pretty, auto
`;

const DEFAULT_CONCURRENCY = 4;

interface ServeFlags {
  paths: string[];
  concurrency: number;
  listen?: string;
  graceMs: number;
  logLevel?: string;
  logFormat?: string;
}

function parseServeFlags(argv: string[]): ServeFlags {
  const { values, positionals } = parseFlags(argv, {
    concurrency: { type: "string" },
    listen: { type: "string" },
    grace: { type: "string" },
    "log-level": { type: "string" },
    "log-format": { type: "string" },
  });
  if (positionals.length === 0)
    throw new UsageError("name a directory of job files or job files: taxiway serve DIR");
  const concurrency = Number(values.concurrency ?? DEFAULT_CONCURRENCY);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000)
    throw new UsageError(`--concurrency '${values.concurrency}' must be a whole number from 1 to 1000`);
  if (values.listen !== undefined && !/^[^:]+:\d+$/.test(values.listen))
    throw new UsageError(`--listen '${values.listen}' must be host:port`);
  const graceMs = parseDuration(values.grace ?? "30s");
  if (graceMs === undefined) throw new UsageError(`--grace '${values.grace}' is not a duration (e.g. 30s)`);
  checkLoggingFlags({ logLevel: values["log-level"], logFormat: values["log-format"] });
  return {
    paths: positionals,
    concurrency,
    listen: values.listen,
    graceMs,
    logLevel: values["log-level"],
    logFormat: values["log-format"],
  };
}

interface ServeRuntime {
  io: CommandIo;
  logger: Logger;
  secrets: SecretRegistry;
  debug: boolean;
}

function fail(runtime: ServeRuntime, error: unknown): number {
  if (error instanceof JobSetError && error.lines.length > 1)
    runtime.io.stderr.write(runtime.secrets.redact(`${error.lines.map((line) => `  ${line}`).join("\n")}\n`));
  return reportFailure(runtime.io, error, {
    redact: (text) => runtime.secrets.redact(text),
    debug: runtime.debug,
  });
}

/** SIGHUP → reload. Installed before the job files load: SIGHUP's default action would end the process. */
function reloadOnHangup(logger: Logger, serve: () => ServeProcess | undefined): () => void {
  const onHangup = () => {
    const running = serve();
    if (!running) return logger.warn("SIGHUP while starting: the job files are being read already");
    logger.info("SIGHUP: re-reading the job files");
    void running.reload();
  };
  process.on("SIGHUP", onHangup);
  return () => process.off("SIGHUP", onHangup);
}

/** Endpoints, then the scheduler until SIGTERM/SIGINT has drained it. */
async function serveUntilStopped(
  serve: ServeProcess,
  flags: ServeFlags,
  runtime: ServeRuntime,
): Promise<number> {
  const controller = new AbortController();
  const releaseSignals = stopOnSignals(controller, runtime.io.stderr, flags.graceMs);
  let endpoints: Server | undefined;
  try {
    if (flags.listen) {
      endpoints = await startEndpoints(flags.listen, serve.endpoints());
      runtime.logger.info({ listen: flags.listen }, "serving /healthz, /readyz and /metrics");
    }
    await serve.run(controller.signal);
    return ExitCode.ok;
  } catch (error) {
    controller.abort();
    return fail(runtime, error);
  } finally {
    releaseSignals();
    endpoints?.close();
  }
}

export const serveCommand: Command = {
  name: "serve",
  summary: "run many jobs on their schedules in one process (SIGHUP reloads, /metrics per job)",
  usage,
  async run(argv, io) {
    let flags: ServeFlags;
    try {
      flags = parseServeFlags(argv);
    } catch (error) {
      return reportFailure(io, error, {});
    }
    const secrets = new SecretRegistry();
    const logger = await openLogger({
      level: flags.logLevel ?? "info",
      format: (flags.logFormat as LogFormat | undefined) ?? "auto",
      destination: io.stderr,
      secrets,
    });
    const runtime: ServeRuntime = {
      io,
      logger,
      secrets,
      debug: flags.logLevel === "debug" || flags.logLevel === "trace",
    };
    let serve: ServeProcess | undefined;
    const stopReloading = reloadOnHangup(logger, () => serve);
    try {
      serve = await ServeProcess.start({
        paths: flags.paths,
        concurrency: flags.concurrency,
        env: io.env,
        logger,
        secrets,
        registry: bundledRegistry(),
      });
      return await serveUntilStopped(serve, flags, runtime);
    } catch (error) {
      return fail(runtime, error);
    } finally {
      stopReloading();
    }
  },
};
