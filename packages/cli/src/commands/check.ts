import { bundledSource, checkpointStoreFor, type SourceConfig, sinkIdOf } from "@taxiway/core";
import type { Command } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { errorMessage, exitCodeFor } from "../output/exit-code-for.js";
import { reportFailure } from "../output/failure.js";
import { prepareJob } from "../runtime.js";

export const checkCommand: Command = {
  name: "check",
  summary: "check the source (reachability, auth, collections) and every sink's connectivity",
  usage: `Usage: taxiway check JOB.yaml [--json]

Connects to the TAXII server (discovery or API root, collections, read access) and calls each sink's check()
(credentials, index or file writability), then reads the job's checkpoint from its store (a shared store's
tables or indices are created on first use). Writes nothing else. Exit 0 when all pass, 2 for config or credential
problems, 1 otherwise.
`,
  async run(argv, io) {
    const json = argv.includes("--json");
    const [path] = argv.filter((arg) => arg !== "--json");
    if (!path) {
      io.stderr.write(this.usage);
      return ExitCode.usage;
    }
    let worst: number = ExitCode.ok;
    let prepared: Awaited<ReturnType<typeof prepareJob>>;
    try {
      prepared = await prepareJob(path, io, { logLevel: "warn" });
    } catch (error) {
      return reportFailure(io, error, { json });
    }
    const { loaded, logger, print } = prepared;
    const results: Array<{ target: string; ok: boolean; code?: string; message: string }> = [];
    const line = (target: string, ok: boolean, message: string, error?: unknown) => {
      results.push({
        target,
        ok,
        message,
        ...(error ? { code: (error as { code?: string }).code ?? "INTERNAL" } : {}),
      });
      if (!json) print(`${ok ? "ok  " : "FAIL"}  ${target}: ${message}\n`);
    };
    const sourceConfig = loaded.job.source as SourceConfig;
    const sourceDescriptor = loaded.source ?? bundledSource(sourceConfig.type);
    const sourceLabel = sourceDescriptor?.describe?.(sourceConfig) ?? `source ${sourceConfig.type}`;
    try {
      const { sources, close } = await (sourceDescriptor ?? { open: () => Promise.reject() }).open(
        sourceConfig,
        {
          job: loaded.job.name,
          baseDir: loaded.baseDir,
          logger,
        },
      );
      await close();
      line(sourceLabel, true, `${sources.map((s) => s.collection).join(", ")} readable`);
    } catch (error) {
      line(sourceLabel, false, errorMessage(error), error);
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
        line(`sink ${id}`, result?.ok === true, result?.message ?? "no connector");
        if (!result?.ok) worst = Math.max(worst, result?.configuration ? ExitCode.config : ExitCode.failed);
      } catch (error) {
        line(`sink ${id}`, false, errorMessage(error), error);
        worst = Math.max(worst, exitCodeFor(error));
      }
    }
    const store = (() => {
      try {
        return checkpointStoreFor(loaded);
      } catch (error) {
        line("checkpoint", false, errorMessage(error), error);
        worst = Math.max(worst, exitCodeFor(error));
        return undefined;
      }
    })();
    if (store) {
      try {
        const document = await store.load(loaded.job.name);
        line(
          `checkpoint ${store.location}`,
          true,
          document ? `readable, revision ${document.revision}` : "reachable, no checkpoint yet",
        );
      } catch (error) {
        line(`checkpoint ${store.location}`, false, errorMessage(error), error);
        worst = Math.max(worst, exitCodeFor(error));
      } finally {
        await store.close?.().catch(() => {});
      }
    }
    const failed = results.filter((r) => !r.ok);
    const message = `${failed.length} of ${results.length} checks failed (${failed.map((r) => r.target).join(", ")})`;
    if (json)
      print(
        `${JSON.stringify(
          worst === ExitCode.ok
            ? { status: "ok", exit_code: worst, checks: results }
            : { status: "failed", code: "CHECK_FAILED", exit_code: worst, message, checks: results },
        )}\n`,
      );
    else if (worst !== ExitCode.ok) io.stderr.write(`taxiway: CHECK_FAILED: ${message}\n`);
    return worst;
  },
};
