import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  FileCheckpointStore,
  type JobConfig,
  type RunSummary,
  runJob,
  type SourceConfig,
  type StixBundleSourceConfig,
  stixBundleSource,
} from "@taxiway/core";
import { UsageError } from "../args.js";
import { bundledRegistry } from "../bundled-connectors.js";
import type { Command } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { reportFailure } from "../output/failure.js";
import { summaryTable } from "../output/summary-table.js";
import { SOURCE_FLAGS_USAGE, sourceTarget } from "./source-target.js";

const usage = `Usage: taxiway push FILE|URL --to JOB.yaml|URL --collection C [options]

Publishes one STIX bundle (a file, a glob, or an http(s) URL) to a TAXII 2.1 collection with
POST …/objects/, through the TAXII sink: envelopes under the server's max_content_length, the
status resource polled until complete, objects the server refuses dead-lettered to
./taxiway-push.dead-letter.ndjson. --to names the server: a discovery/API-root URL, or a job
file whose TAXII source's URL, auth and TLS are used. A re-push of the same object versions is
harmless. Exit codes as for run: 0 ok, 1 failed, 2 config error, 4 partial (some objects refused).

Options:
  --to JOB.yaml|URL      the TAXII server
  --collection C         the collection to publish to (id, alias or title; must be can_write)
${SOURCE_FLAGS_USAGE}
`;

function splitArgs(argv: string[]): { bundle?: string; to?: string; rest: string[] } {
  const rest: string[] = [];
  let bundle: string | undefined;
  let to: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--to") to = argv[++i];
    else if (arg.startsWith("--to=")) to = arg.slice(5);
    else if (!arg.startsWith("-") && bundle === undefined && !isValueOf(argv[i - 1])) bundle = arg;
    else rest.push(arg);
  }
  return { bundle, to, rest };
}

const VALUED = new Set(["--user", "--password-env", "--token-env", "--ca-file", "--collection"]);
function isValueOf(previous: string | undefined): boolean {
  return previous !== undefined && VALUED.has(previous);
}

export const pushCommand: Command = {
  name: "push",
  summary: "publish a STIX bundle file or URL to a TAXII 2.1 collection (POST …/objects/)",
  usage,
  async run(argv, io) {
    const json = argv.includes("--json");
    try {
      const { bundle, to, rest } = splitArgs(argv);
      if (!bundle)
        throw new UsageError("name the bundle: taxiway push FILE|URL --to JOB.yaml|URL --collection C");
      if (!to) throw new UsageError("name the server: --to JOB.yaml|URL");
      const target = await sourceTarget([to, ...rest], io);
      if (!target.collection) throw new UsageError("name the collection: --collection C");
      try {
        const summary = await push(bundle, target, io.cwd);
        target.print(json ? `${JSON.stringify(summary)}\n` : summaryTable(summary));
        return summary.status === "partial" ? ExitCode.partial : ExitCode.ok;
      } catch (error) {
        return reportFailure(io, error, { json, redact: target.redact });
      }
    } catch (error) {
      return reportFailure(io, error, { json });
    }
  },
};

/** One run of the job stix-bundle(bundle) → taxii(target), with a throwaway checkpoint: every object is offered. */
async function push(
  bundle: string,
  target: Awaited<ReturnType<typeof sourceTarget>>,
  cwd: string,
): Promise<RunSummary> {
  const { type: _type, collection: _c, collections: _cs, page_size: _p, ...server } = target.source;
  const source: StixBundleSourceConfig = /^https?:\/\//.test(bundle)
    ? { type: "stix-bundle", url: bundle }
    : { type: "stix-bundle", path: bundle };
  const job: JobConfig = {
    name: "push",
    source: source as unknown as SourceConfig,
    dead_letter: { path: "taxiway-push.dead-letter.ndjson" },
    sinks: [{ type: "taxii", ...server, collection: target.collection as string }],
  };
  const connector = await bundledRegistry().resolve("taxii");
  if (!connector) throw new UsageError("the taxii connector is not installed");
  const state = await mkdtemp(join(tmpdir(), "taxiway-push-"));
  const opened = await stixBundleSource.open(source, { job: "push", logger: target.logger, baseDir: cwd });
  try {
    return await runJob({
      job,
      baseDir: cwd,
      sources: opened.sources,
      connectors: new Map([["taxii", connector]]),
      store: new FileCheckpointStore(join(state, "push.json")),
      logger: target.logger,
      sweep: false,
    });
  } finally {
    await opened.close();
    await rm(state, { recursive: true, force: true });
  }
}
