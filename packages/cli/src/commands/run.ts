import type { Server } from "node:http";
import {
  ConfigError,
  checkpointStoreFor,
  type IocRecord,
  parseDuration,
  RunMetrics,
  type RunSummary,
  runLoadedJob,
  runLoadedSweep,
  sleep,
} from "@taxiway/core";
import { parseFlags, UsageError } from "../args.js";
import type { Command, CommandIo } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { type PollOutcome, startHealthServer } from "../health-server.js";
import { exitCodeFor } from "../output/exit-code-for.js";
import { describeFailure, reportFailure } from "../output/failure.js";
import { progressLine } from "../output/progress.js";
import { summaryTable } from "../output/summary-table.js";
import { type PreparedJob, prepareJob } from "../runtime.js";
import { checkResetAllowed } from "./reset-guard.js";
import { stopOnSignals } from "./run-signals.js";
import { nextPollDelay } from "./watch-delay.js";
import { SweepSchedule, waitSweeping } from "./watch-sweep.js";

const usage = `Usage: taxiway run JOB.yaml [options]

Polls the job's TAXII collections once, delivers new IOCs to every sink and commits the checkpoint
page by page. Exit codes: 0 ok, 1 failed, 2 config error, 3 another run holds the lock,
4 partial (some records rejected by a sink; see the dead-letter file).

Options:
  --watch             keep polling (interval from --interval or watch.interval, default 15m);
                      a failed poll is logged, counted in /metrics and retried at the next interval,
                      backing off while it keeps failing; only a configuration error (exit 2) stops it.
                      Expired IOCs are swept after the first poll and then every watch.sweep_interval
                      (default 1h), between polls too; a run without --watch sweeps at its end
  --interval D        time between polls in watch mode, e.g. 5m, 30s, or milliseconds
  --listen HOST:PORT  watch mode: serve /healthz and Prometheus /metrics (or watch.listen)
  --grace D           after SIGTERM/SIGINT, how long the page in flight may take (default 30s, or watch.grace)
  --dry-run           fetch and extract; print the records that would be written (NDJSON); writes, moves
                      or deletes no state of any kind, whatever else is given
  --since T           start after this RFC 3339 timestamp for this run (ignores the checkpoint cursor)
  --reset             forget the checkpoint first (the whole collection is fetched again); refused when a
                      sink appends (CSV append mode, Splunk HEC) unless --force: those would get every IOC twice
  --force             with --reset: accept that appending sinks receive every IOC again
  --json              print the summary (or the failure) as one JSON object on stdout
  --log-level L       trace, debug, info, warn, error, silent (default: the job's, or info)
  --log-format F      json, pretty, auto
`;

interface RunFlags {
  path: string;
  watch: boolean;
  dryRun: boolean;
  reset: boolean;
  force: boolean;
  json: boolean;
  since?: string;
  logLevel?: string;
  logFormat?: string;
  interval?: string;
  grace?: string;
  listen?: string;
}

function parseRunFlags(argv: string[]): RunFlags {
  const { values, positionals } = parseFlags(argv, {
    watch: { type: "boolean" },
    interval: { type: "string" },
    listen: { type: "string" },
    grace: { type: "string" },
    "dry-run": { type: "boolean" },
    since: { type: "string" },
    reset: { type: "boolean" },
    force: { type: "boolean" },
    json: { type: "boolean" },
    "log-level": { type: "string" },
    "log-format": { type: "string" },
  });
  const [path] = positionals;
  if (!path) throw new UsageError("name the job file: taxiway run JOB.yaml");
  if (values.since !== undefined && Number.isNaN(Date.parse(values.since)))
    throw new UsageError(`--since '${values.since}' is not an RFC 3339 timestamp`);
  if (values.force && !values.reset) throw new UsageError("--force only goes with --reset");
  return {
    path,
    watch: values.watch === true,
    dryRun: values["dry-run"] === true,
    reset: values.reset === true,
    force: values.force === true,
    json: values.json === true,
    since: values.since,
    logLevel: values["log-level"],
    logFormat: values["log-format"],
    interval: values.interval,
    grace: values.grace,
    listen: values.listen,
  };
}

/** The shortest time between polls of `--watch`: a 0 typed by mistake must not poll a partner's feed non-stop. */
const MIN_INTERVAL_MS = 1000;

function durationFlag(name: string, value: string, example: string): number {
  const ms = parseDuration(value);
  if (ms === undefined)
    throw new UsageError(`--${name} '${value}' is not a duration (e.g. ${example}, or milliseconds)`);
  return ms;
}

function dryRunPrinter(job: PreparedJob) {
  return (records: readonly IocRecord[]) => {
    for (const record of records)
      job.print(
        `${JSON.stringify({ type: record.type, value: record.value, action: record.action, stix_id: record.stix_id, key: record.key })}\n`,
      );
  };
}

/** `--reset`: forgets the checkpoint under the job's lock; refuses to silently duplicate into appending sinks. */
async function resetCheckpoint(job: PreparedJob, force: boolean): Promise<void> {
  const appending = checkResetAllowed(job.loaded, force);
  const store = checkpointStoreFor(job.loaded);
  try {
    const lock = await store.lock(job.loaded.job.name);
    try {
      await store.reset(job.loaded.job.name);
    } finally {
      await lock.release();
    }
  } finally {
    await store.close?.();
  }
  if (appending.length > 0)
    job.logger.warn({ sinks: appending }, "checkpoint reset: these appending sinks receive every IOC again");
  job.logger.warn({ job: job.loaded.job.name }, "checkpoint reset: the collection is fetched from the start");
}

interface PollContext {
  job: PreparedJob;
  flags: RunFlags;
  io: CommandIo;
  signal: AbortSignal;
  metrics?: RunMetrics;
  /** --watch: when to sweep (a poll sweeps only when it is due); without it every run sweeps at its end. */
  sweeps?: SweepSchedule;
  /** Every poll's outcome, failures before polling began included (for /healthz). */
  onPoll(outcome: PollOutcome): void;
}

function outcomeOf(summary: RunSummary): PollOutcome {
  return {
    status: summary.status,
    finished_at: summary.finished_at ?? new Date().toISOString(),
    iocs: summary.iocs,
    ...(summary.error ? { error: summary.error } : {}),
  };
}

/** One poll: run the job, print its summary or its failure, and return the exit code. */
async function pollOnce(context: PollContext): Promise<number> {
  const { job, flags, io, signal } = context;
  const sweep = context.sweeps?.due() ?? true;
  try {
    const summary = await runLoadedJob(job.loaded, {
      sweep,
      logger: job.logger,
      signal,
      dryRun: flags.dryRun,
      ignoreCheckpoint: flags.dryRun && flags.reset,
      since: flags.since,
      metrics: context.metrics,
      onPage: progressLine(job.status),
      onDryRunRecords: flags.dryRun ? dryRunPrinter(job) : undefined,
    });
    job.status.clear();
    if (sweep) context.sweeps?.done();
    context.onPoll(outcomeOf(summary));
    if (flags.json) job.print(`${JSON.stringify(summary)}\n`);
    // A dry run's stdout is NDJSON records, for jq; its table goes to stderr.
    else if (flags.dryRun) job.status.write(job.secrets.redact(summaryTable(summary)));
    else job.print(summaryTable(summary));
    return summary.status === "partial" ? ExitCode.partial : ExitCode.ok;
  } catch (error) {
    job.status.clear();
    const summary = (error as { summary?: RunSummary }).summary;
    const report = describeFailure(error);
    context.onPoll({
      status: signal.aborted ? "stopped" : "failed",
      finished_at: new Date().toISOString(),
      error: { code: report.code, message: report.message },
    });
    if (!summary) context.metrics?.runFinished({ code: report.code });
    // A signal that cut a wait short (rate limit, retry backoff, connect) is a stop, not a failure.
    if (signal.aborted && exitCodeFor(error) === ExitCode.failed) {
      io.stderr.write("stopped by signal; the checkpoint holds every committed page\n");
      if (flags.json) job.print(`${JSON.stringify({ ...(summary ?? {}), status: "stopped" })}\n`);
      return ExitCode.ok;
    }
    if (summary && !flags.json) job.print(summaryTable(summary));
    return reportFailure(io, error, {
      json: flags.json,
      summary,
      redact: (text) => job.secrets.redact(text),
      debug: isDebug(flags.logLevel),
    });
  }
}

function isDebug(level: string | undefined): boolean {
  return level === "debug" || level === "trace";
}

/**
 * `run --watch`: polls until a signal. A failed poll (network, server, sink outage, a lock held elsewhere) is
 * logged, counted in `/metrics` and retried after the interval, backing off while failures repeat; only a
 * configuration error stops the loop.
 */
async function watchLoop(context: PollContext, intervalMs: number, jitter: number): Promise<number> {
  let failures = 0;
  for (let round = 1; ; round++) {
    const code = await pollOnce(context);
    if (context.signal.aborted) return ExitCode.ok;
    if (code === ExitCode.config || code === ExitCode.usage) return code;
    failures = code === ExitCode.failed || code === ExitCode.locked ? failures + 1 : 0;
    const wait = nextPollDelay(intervalMs, failures, jitter);
    context.job.logger[failures > 0 ? "warn" : "info"](
      { round, next_poll_in_ms: wait, consecutive_failures: failures },
      failures > 0
        ? "watching: poll failed, retrying after the backoff"
        : "watching: waiting for the next poll",
    );
    try {
      if (context.sweeps)
        await waitSweeping(wait, context.sweeps, () => sweepBetweenPolls(context), context.signal);
      else await sleep(wait, context.signal);
    } catch {
      return ExitCode.ok;
    }
  }
}

/** A --watch sweep between polls: logged and counted in /metrics; a failure waits for the next one. */
async function sweepBetweenPolls(context: PollContext): Promise<void> {
  try {
    await runLoadedSweep(context.job.loaded, {
      logger: context.job.logger,
      signal: context.signal,
      metrics: context.metrics,
    });
  } catch (error) {
    if (context.signal.aborted) return;
    context.job.logger.warn(
      { code: (error as { code?: string }).code, err: context.job.secrets.redact((error as Error).message) },
      "watching: the sweep failed; the next one retries",
    );
  }
}

export const runCommand: Command = {
  name: "run",
  summary: "run a job once (or keep polling with --watch)",
  usage,
  async run(argv, io) {
    let flags: RunFlags;
    let job: PreparedJob;
    try {
      flags = parseRunFlags(argv);
    } catch (error) {
      return reportFailure(io, error, { json: argv.includes("--json") });
    }
    try {
      job = await prepareJob(flags.path, io, { logLevel: flags.logLevel, logFormat: flags.logFormat });
    } catch (error) {
      return reportFailure(io, error, { json: flags.json, debug: isDebug(flags.logLevel) });
    }
    const watch = job.loaded.job.watch;
    let interval: number;
    let grace: number;
    let sweepInterval: number;
    try {
      interval = durationFlag("interval", flags.interval ?? String(watch?.interval ?? "15m"), "15m");
      if (flags.watch && interval < MIN_INTERVAL_MS) {
        const message = `is below 1s: a watch that polls without pause hammers the feed`;
        if (flags.interval !== undefined) throw new UsageError(`--interval ${flags.interval} ${message}`);
        throw new ConfigError(`watch.interval ${watch?.interval} ${message}`, { code: "CONFIG_INVALID" });
      }
      if (!flags.watch && (flags.interval !== undefined || flags.listen !== undefined))
        throw new UsageError("--interval and --listen apply to --watch only");
      grace = durationFlag("grace", flags.grace ?? String(watch?.grace ?? "30s"), "30s");
      sweepInterval = parseDuration(watch?.sweep_interval ?? "1h") ?? 3_600_000;
      flags.listen ??= watch?.listen;
      if (flags.listen !== undefined && !/^[^:]+:\d+$/.test(flags.listen))
        throw new UsageError(`--listen '${flags.listen}' must be host:port`);
    } catch (error) {
      return reportFailure(io, error, { json: flags.json });
    }

    const controller = new AbortController();
    const release = stopOnSignals(controller, job.status, grace);
    let lastPoll: PollOutcome | undefined;
    let health: Server | undefined;
    const context: PollContext = {
      job,
      flags,
      io,
      signal: controller.signal,
      metrics: flags.watch ? await RunMetrics.create(job.loaded.job.name) : undefined,
      sweeps: flags.watch ? new SweepSchedule(sweepInterval) : undefined,
      onPoll: (outcome) => {
        lastPoll = outcome;
      },
    };
    try {
      if (context.metrics && flags.listen) {
        health = await startHealthServer(flags.listen, context.metrics, () => lastPoll);
        job.logger.info({ listen: flags.listen }, "serving /healthz and /metrics");
      }
      if (flags.reset && !flags.dryRun) await resetCheckpoint(job, flags.force);
      if (!flags.watch) return await pollOnce(context);
      return await watchLoop(context, interval, watch?.jitter ?? 0.1);
    } catch (error) {
      return reportFailure(io, error, {
        json: flags.json,
        redact: (text) => job.secrets.redact(text),
        debug: isDebug(flags.logLevel),
      });
    } finally {
      release();
      health?.close();
    }
  },
};
