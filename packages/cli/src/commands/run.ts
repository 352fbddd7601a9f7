import { checkpointStoreFor, parseDuration, type RunSummary, runLoadedJob, sleep } from "@taxiway/core";
import { parseFlags, UsageError } from "../args.js";
import type { Command, CommandIo } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { errorMessage, exitCodeFor } from "../output/exit-code-for.js";
import { summaryTable } from "../output/summary-table.js";
import { type PreparedJob, prepareJob } from "../runtime.js";

const usage = `Usage: taxiway run JOB.yaml [options]

Polls the job's TAXII collections once, delivers new IOCs to every sink and commits the checkpoint
page by page. Exit codes: 0 ok, 1 failed, 2 config error, 3 another run holds the lock,
4 partial (some records rejected by a sink; see the dead-letter file).

Options:
  --watch             keep polling (interval from --interval or watch.interval, default 15m)
  --interval D        time between polls in watch mode, e.g. 5m
  --dry-run           fetch and extract, but write nothing and commit nothing
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
  return (summary: Readonly<RunSummary>) => {
    io.stderr.write(
      `\r${summary.pages} pages · ${summary.objects} objects · ${summary.iocs} IOCs · dead-lettered ${summary.dead_lettered.decode + summary.dead_lettered.extract + summary.dead_lettered.sink}   `,
    );
  };
}

/** SIGINT/SIGTERM stop after the page in flight is delivered and committed; a second signal exits at once. */
function stopOnSignals(controller: AbortController, io: CommandIo): () => void {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) process.exit(ExitCode.failed);
    io.stderr.write(`\ntaxiway: ${signal}: finishing the page in flight, then exiting\n`);
    controller.abort(new Error(signal));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}

function parseRunFlags(argv: string[]) {
  return parseFlags(argv, {
    watch: { type: "boolean" },
    interval: { type: "string" },
    "dry-run": { type: "boolean" },
    since: { type: "string" },
    reset: { type: "boolean" },
    json: { type: "boolean" },
    "log-level": { type: "string" },
    "log-format": { type: "string" },
  });
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
    let job: PreparedJob;
    try {
      job = await prepareJob(path, io, {
        logLevel: flags.values["log-level"],
        logFormat: flags.values["log-format"] as "json" | "pretty" | "auto" | undefined,
      });
    } catch (error) {
      io.stderr.write(`taxiway: ${errorMessage(error)}\n`);
      return error instanceof UsageError ? ExitCode.usage : exitCodeFor(error);
    }
    const since = flags.values.since;
    if (since !== undefined && Number.isNaN(Date.parse(since))) {
      io.stderr.write(`taxiway run: --since '${since}' is not an RFC 3339 timestamp\n`);
      return ExitCode.usage;
    }
    const interval = parseDuration(flags.values.interval ?? job.loaded.job.watch?.interval ?? "15m");
    if (interval === undefined) {
      io.stderr.write(`taxiway run: --interval '${flags.values.interval}' is not a duration (e.g. 15m)\n`);
      return ExitCode.usage;
    }
    const controller = new AbortController();
    const release = stopOnSignals(controller, io);
    try {
      if (flags.values.reset) {
        await checkpointStoreFor(job.loaded).reset(job.loaded.job.name);
        job.logger.warn(
          { job: job.loaded.job.name },
          "checkpoint reset: the collection is fetched from the start",
        );
      }
      for (let round = 1; ; round++) {
        const summary = await runLoadedJob(job.loaded, {
          logger: job.logger,
          signal: controller.signal,
          dryRun: flags.values["dry-run"] === true,
          since,
          onPage: progress(io),
        });
        if (io.stderr.isTTY) io.stderr.write("\n");
        printSummary(job, summary, json);
        if (!flags.values.watch || controller.signal.aborted) return exitFor(summary);
        const jitter = job.loaded.job.watch?.jitter ?? 0.1;
        const wait = Math.round(interval * (1 + Math.random() * jitter));
        job.logger.info({ round, next_poll_in_ms: wait }, "watching: waiting for the next poll");
        try {
          await sleep(wait, controller.signal);
        } catch {
          return ExitCode.ok;
        }
      }
    } catch (error) {
      const summary = (error as { summary?: RunSummary }).summary;
      if (summary) printSummary(job, summary, json);
      io.stderr.write(job.secrets.redact(`taxiway: ${errorMessage(error)}\n`));
      return exitCodeFor(error);
    } finally {
      release();
    }
  },
};
