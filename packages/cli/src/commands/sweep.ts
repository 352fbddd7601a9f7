import { runLoadedSweep, type SweepSummary } from "@taxiway/core";
import { parseFlags, UsageError } from "../args.js";
import type { Command } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { reportFailure } from "../output/failure.js";
import { prepareJob } from "../runtime.js";

const usage = `Usage: taxiway sweep JOB.yaml [options]

Removes (or flags, per the sink's on_revoked setting) every IOC whose validity has passed from the
job's stateful sinks, without polling the feed: Elasticsearch/OpenSearch, Splunk ES threat intel,
CSV snapshot files; a CSV append file (write_deletes) gets a delete row per expired IOC. An IOC expires at its valid_until (expires_at), or, with filters.expire_after,
that long after its modified time. \`taxiway run\` sweeps at the end of every run, and --watch on
its own schedule (watch.sweep_interval). Exit codes: 0 ok, 1 failed, 2 config error, 3 a run holds
the job's lock, 4 partial (a sink's sweep failed; the next sweep retries).

Options:
  --dry-run           count and name what would be removed; change nothing, take no lock
  --json              print the summary as one JSON object on stdout
  --log-level L       trace, debug, info, warn, error, silent (default: the job's, or info)
  --log-format F      json, pretty, auto
`;

/** The sweep summary as aligned text: one line per sink, with a few keys on a dry run. */
function sweepTable(summary: SweepSummary): string {
  const rows: Array<[string, string]> = [
    ["job", `${summary.job}${summary.dry_run ? " (dry run: nothing removed)" : ""}`],
    ["result", summary.status],
    ["as of", summary.now],
    ["expired", `${summary.expired}${summary.dry_run ? " (would be removed or flagged)" : ""}`],
  ];
  for (const [id, sink] of Object.entries(summary.sinks)) {
    const keys = summary.dry_run && sink.sample.length > 0 ? ` — keys ${sink.sample.join(", ")}` : "";
    rows.push([
      `sink ${id}`,
      sink.error ? `failed: ${sink.error.code}: ${sink.error.message}` : `${sink.expired} expired${keys}`,
    ]);
  }
  if (Object.keys(summary.sinks).length === 0)
    rows.push(["sinks", "none of this job's sinks holds state to sweep"]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return `${rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join("\n")}\n`;
}

export const sweepCommand: Command = {
  name: "sweep",
  summary: "remove expired IOCs from a job's sinks without polling (--dry-run shows what)",
  usage,
  async run(argv, io) {
    const json = argv.includes("--json");
    try {
      const { values, positionals } = parseFlags(argv, {
        "dry-run": { type: "boolean" },
        json: { type: "boolean" },
        "log-level": { type: "string" },
        "log-format": { type: "string" },
      });
      const [path] = positionals;
      if (!path) throw new UsageError("name the job file: taxiway sweep JOB.yaml");
      const job = await prepareJob(path, io, {
        logLevel: values["log-level"],
        logFormat: values["log-format"],
      });
      try {
        const summary = await runLoadedSweep(job.loaded, {
          logger: job.logger,
          dryRun: values["dry-run"] === true,
        });
        job.print(json ? `${JSON.stringify(summary)}\n` : sweepTable(summary));
        return summary.status === "partial" ? ExitCode.partial : ExitCode.ok;
      } catch (error) {
        return reportFailure(io, error, { json, redact: (text) => job.secrets.redact(text) });
      }
    } catch (error) {
      return reportFailure(io, error, { json });
    }
  },
};
