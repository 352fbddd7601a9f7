import {
  checkpointStoreFor,
  JobConfigError,
  loadJobFile,
  parseTimestamp,
  SecretRegistry,
} from "@taxiway/core";
import { parseFlags } from "../args.js";
import type { Command } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { errorMessage, exitCodeFor } from "../output/exit-code-for.js";

const usage = `Usage: taxiway state JOB.yaml show|reset|set [options]

  show                          print the checkpoint (cursors per collection, sink states, last run)
  reset                         forget it: the next run fetches every collection from the start
  set --added-after T [--collection C]
                                move a collection's cursor (all collections when --collection is absent)
`;

export const stateCommand: Command = {
  name: "state",
  summary: "show, reset or move a job's checkpoint",
  usage,
  async run(argv, io) {
    let flags: ReturnType<typeof parseFlags>;
    try {
      flags = parseFlags(argv, { "added-after": { type: "string" }, collection: { type: "string" } });
    } catch (error) {
      io.stderr.write(`taxiway state: ${errorMessage(error)}\n`);
      return ExitCode.usage;
    }
    const [path, action] = flags.positionals;
    if (!path || !action || !["show", "reset", "set"].includes(action)) {
      io.stderr.write(usage);
      return ExitCode.usage;
    }
    try {
      const loaded = await loadJobFile(path, { env: io.env, secrets: new SecretRegistry() });
      const store = checkpointStoreFor(loaded);
      const name = loaded.job.name;
      if (action === "show") {
        const document = await store.load(name);
        io.stdout.write(
          document
            ? `${JSON.stringify(document, null, 2)}\n`
            : `no checkpoint yet for job ${name} (${store.path})\n`,
        );
        return ExitCode.ok;
      }
      const lock = await store.lock(name);
      try {
        if (action === "reset") {
          await store.reset(name);
          io.stdout.write(`checkpoint of job ${name} reset (${store.path})\n`);
          return ExitCode.ok;
        }
        const addedAfter = flags.values["added-after"];
        if (typeof addedAfter !== "string" || !parseTimestamp(addedAfter)) {
          io.stderr.write(
            "taxiway state set: --added-after needs an RFC 3339 timestamp, e.g. 2026-01-01T00:00:00.000Z\n",
          );
          return ExitCode.usage;
        }
        const document = await store.load(name);
        const collections = { ...(document?.collections ?? {}) };
        const configured = loaded.job.source.collections ?? [loaded.job.source.collection as string];
        const targets = typeof flags.values.collection === "string" ? [flags.values.collection] : configured;
        for (const collection of targets) collections[collection] = { added_after: addedAfter };
        await store.commit(
          name,
          { collections, sinks: document?.sinks ?? {}, last_run: document?.last_run },
          document?.revision ?? 0,
        );
        io.stdout.write(`job ${name}: ${targets.join(", ")} will continue after ${addedAfter}\n`);
        return ExitCode.ok;
      } finally {
        await lock.release();
      }
    } catch (error) {
      io.stderr.write(
        `taxiway state: ${error instanceof JobConfigError ? error.message : errorMessage(error)}\n`,
      );
      return exitCodeFor(error);
    }
  },
};
