import { createTaxiiSources, sinkIdOf } from "@taxiway/core";
import type { Command } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { errorMessage, exitCodeFor } from "../output/exit-code-for.js";
import { prepareJob } from "../runtime.js";

export const checkCommand: Command = {
  name: "check",
  summary: "check the source (reachability, auth, collections) and every sink's connectivity",
  usage: `Usage: taxiway check JOB.yaml

Connects to the TAXII server (discovery or API root, collections, read access) and calls each sink's check()
(credentials, index or file writability). Writes nothing. Exit 0 when all pass, 2 for config or credential
problems, 1 otherwise.
`,
  async run(argv, io) {
    const [path] = argv;
    if (!path) {
      io.stderr.write(this.usage);
      return ExitCode.usage;
    }
    let worst: number = ExitCode.ok;
    let prepared: Awaited<ReturnType<typeof prepareJob>>;
    try {
      prepared = await prepareJob(path, io, { logLevel: "warn" });
    } catch (error) {
      io.stderr.write(`taxiway: ${errorMessage(error)}\n`);
      return exitCodeFor(error);
    }
    const { loaded, logger, print } = prepared;
    try {
      const { sources, close } = await createTaxiiSources(loaded.job.source, { logger });
      await close();
      print(
        `ok    source ${loaded.job.source.url}: ${sources.map((s) => s.collection).join(", ")} readable\n`,
      );
    } catch (error) {
      print(`FAIL  source ${loaded.job.source.url}: ${errorMessage(error)}\n`);
      worst = Math.max(worst, exitCodeFor(error));
    }
    for (const [index, config] of loaded.job.sinks.entries()) {
      const id = sinkIdOf(config, index);
      const descriptor = loaded.connectors.get(config.type);
      try {
        const { type: _type, id: _id, ...own } = config;
        const sink = descriptor?.create(own as never, {
          job: loaded.job.name,
          sinkId: id,
          logger,
          state: undefined,
          baseDir: loaded.baseDir,
          signal: new AbortController().signal,
        });
        const result = await sink?.check();
        print(`${result?.ok ? "ok  " : "FAIL"}  sink ${id}: ${result?.message ?? "no connector"}\n`);
        if (!result?.ok) worst = Math.max(worst, ExitCode.failed);
      } catch (error) {
        print(`FAIL  sink ${id}: ${errorMessage(error)}\n`);
        worst = Math.max(worst, exitCodeFor(error));
      }
    }
    return worst;
  },
};
