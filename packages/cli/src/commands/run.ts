import type { Server } from "node:http";
import {
  checkpointStoreFor,
  type IocRecord,
  parseDuration,
  RunMetrics,
  type RunSummary,
  runLoadedJob,
  sleep,
} from "@taxiway/core";
import { parseFlags } from "../args.js";
import type { Command, CommandIo } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { startHealthServer } from "../health-server.js";
import { errorMessage, exitCodeFor } from "../output/exit-code-for.js";
import { summaryTable } from "../output/summary-table.js";
import { type PreparedJob, prepareJob } from "../runtime.js";

const usage = `Usage: taxiway run JOB.yaml [options]

Polls the job's TAXII collections once, delivers new IOCs to every sink and commits the checkpoint
page by page. Exit codes: 0 ok, 1 failed, 2 config error, 3 another run holds the lock,
4 partial (some records rejected by a sink; see the dead-letter file).

Options:
  --watch             keep polling (interval from --interval or watch.interval, default 15m);
                      a failed poll is logged and retried at the next interval
  --interval D        time between polls in watch mode, e.g. 5m
  --listen HOST:PORT  watch mode: serve /healthz and Prometheus /metrics (or watch.listen)
  --grace D           after SIGTERM/SIGINT, how long the page in flight may take (default 30s, or watch.grace)
  --dry-run           fetch and extract; print the records that would be written (NDJSON), commit nothing
  --since T           start after this RFC 3339 timestamp for this run (ignores the checkpoint cursor)
  --reset             forget the checkpoint first (the whole collection is fetched again)
  --json              print the summary as JSON on stdout
  --log-level L       trace, debug, info, warn, error, silent (default: the job's, or info)
  --log-format F      json, pretty, auto
`;

function exitFor(summary: RunSummary): number {
  return summary.status === "partial" ? ExitCode.partial : ExitCode.ok;
}

function printSummary(job: PreparedJob, summary: RunSummary, json: boolean): void {
  job.print(json ? `${JSON.stringify(summary)}\n` : summaryTable(summary));
}

function progress(io: CommandIo) {
  if (!io.stderr.isTTY) return undefined;
  const started = performance.now();
  return (summary: Readonly<RunSummary>) => {
    const seconds = Math.max((performance.now() - started) / 1000, 0.001);
    const dead = summary.dead_lettered.decode + summary.dead_lettered.extract + summary.dead_lettered.sink;
    const lag = Object.values(summary.collections)
      .map((c) => c.lag_ms)
      .filter((v) => v !== undefined);
    const lagText =
      lag.length > 0 ? ` · feed lag ${Math.round(Math.max(...(lag as number[])) / 60_000)}m` : "";
    io.stderr.write(
      `\r${summary.pages} pages · ${summary.objects} objects (${Math.round(summary.objects / seconds)}/s) · ${summary.iocs} IOCs · dead-lettered ${dead}${lagText}   `,
    );
  };
}

function dryRunPrinter(job: PreparedJob) {
  return (records: readonly IocRecord[]) => {
    for (const record of records)
      job.print(
        `${JSON.stringify({ type: record.type, value: record.value, action: record.action, stix_id: record.stix_id, key: record.key })}\n`,
      );
  };
}

/**
 * SIGINT/SIGTERM stop fetching; the page in flight is delivered and committed, then the run exits 0. If that
 * takes longer than the grace time (or a second signal comes), the process exits 1 at once: the page was not
 * committed and will be delivered again next time.
 */
function stopOnSignals(controller: AbortController, io: CommandIo, graceMs: number): () => void {
  let signals = 0;
  let timer: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) process.exit(ExitCode.failed);
    io.stderr.write(
      `\ntaxiway: ${signal}: finishing the page in flight (grace ${Math.round(graceMs / 1000)}s), then exiting\n`,
    );
    controller.abort(new Error(signal));
    timer = setTimeout(() => {
      io.stderr.write("taxiway: grace time exceeded; exiting without committing the page in flight\n");
      process.exit(ExitCode.failed);
    }, graceMs);
    timer.unref();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return () => {
    if (timer) clearTimeout(timer);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}

function parseRunFlags(argv: string[]) {
  return parseFlags(argv, {
    watch: { type: "boolean" },
    interval: { type: "string" },
    listen: { type: "string" },
    grace: { type: "string" },
    "dry-run": { type: "boolean" },
    since: { type: "string" },
    reset: { type: "boolean" },
    json: { type: "boolean" },
    "log-level": { type: "string" },
    "log-format": { type: "string" },
  });
}

function usageError(io: CommandIo, message: string): number {
  io.stderr.write(`taxiway run: ${message}\n`);
  return ExitCode.usage;
}

export const runCommand: Command = {
  name: "run",
  summary: "run a job once (or keep polling with --watch)",
  usage,
  async run(argv, io) {
    let flags: ReturnType<typeof parseRunFlags>;
    try {
      flags = parseRunFlags(argv);
    } catch (error) {
      io.stderr.write(`taxiway run: ${errorMessage(error)}\n\n${usage}`);
      return ExitCode.usage;
    }
    const [path] = flags.positionals;
    if (!path) {
      io.stderr.write(usage);
      return ExitCode.usage;
    }
    const json = flags.values.json === true;
    const dryRun = flags.values["dry-run"] === true;
    let job: PreparedJob;
    try {
      job = await prepareJob(path, io, {
        logLevel: flags.values["log-level"],
        logFormat: flags.values["log-format"] as "json" | "pretty" | "auto" | undefined,
      });
    } catch (error) {
      io.stderr.write(`taxiway: ${errorMessage(error)}\n`);
      return exitCodeFor(error);
    }
    const watch = job.loaded.job.watch;
    const since = flags.values.since;
    if (since !== undefined && Number.isNaN(Date.parse(since)))
      return usageError(io, `--since '${since}' is not an RFC 3339 timestamp`);
    const interval = parseDuration(flags.values.interval ?? watch?.interval ?? "15m");
    if (interval === undefined)
      return usageError(io, `--interval '${flags.values.interval}' is not a duration (e.g. 15m)`);
    const grace = parseDuration(flags.values.grace ?? watch?.grace ?? "30s");
    if (grace === undefined)
      return usageError(io, `--grace '${flags.values.grace}' is not a duration (e.g. 30s)`);
    const listen = flags.values.listen ?? watch?.listen;
    if (listen !== undefined && !/^[^:]+:\d+$/.test(listen))
      return usageError(io, `--listen '${listen}' must be host:port`);

    const controller = new AbortController();
    const release = stopOnSignals(controller, io, grace);
    const metrics = flags.values.watch ? new RunMetrics(job.loaded.job.name) : undefined;
    let lastRun: RunSummary | undefined;
    let health: Server | undefined;
    try {
      if (metrics && listen) {
        health = await startHealthServer(listen, metrics, () => lastRun);
        job.logger.info({ listen }, "serving /healthz and /metrics");
      }
      if (flags.values.reset) {
        await checkpointStoreFor(job.loaded).reset(job.loaded.job.name);
        job.logger.warn(
          { job: job.loaded.job.name },
          "checkpoint reset: the collection is fetched from the start",
        );
      }
      for (let round = 1; ; round++) {
        let code: number;
        try {
          lastRun = await runLoadedJob(job.loaded, {
            logger: job.logger,
            signal: controller.signal,
            dryRun,
            since,
            metrics,
            onPage: progress(io),
            onDryRunRecords: dryRun ? dryRunPrinter(job) : undefined,
          });
          if (io.stderr.isTTY) io.stderr.write("\n");
          printSummary(job, lastRun, json);
          code = exitFor(lastRun);
        } catch (error) {
          const summary = (error as { summary?: RunSummary }).summary;
          if (summary) {
            lastRun = summary;
            printSummary(job, summary, json);
          }
          io.stderr.write(job.secrets.redact(`taxiway: ${errorMessage(error)}\n`));
          code = exitCodeFor(error);
          // In watch mode a failed poll (network, server, sink outage) is retried at the next interval; a config
          // problem or a lock held by another run is not going to fix itself.
          if (!flags.values.watch || code !== ExitCode.failed || controller.signal.aborted) return code;
        }
        if (!flags.values.watch || controller.signal.aborted) return code;
        const wait = Math.round(interval * (1 + Math.random() * (watch?.jitter ?? 0.1)));
        job.logger.info({ round, next_poll_in_ms: wait }, "watching: waiting for the next poll");
        try {
          await sleep(wait, controller.signal);
        } catch {
          return ExitCode.ok;
        }
      }
    } finally {
      release();
      health?.close();
    }
  },
};
