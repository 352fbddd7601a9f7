import {
  type CheckpointStore,
  checkpointStoreFor,
  isTaxiiSource,
  loadJobFile,
  parseTimestamp,
  SecretRegistry,
} from "@taxiway/core";
import { parseFlags, UsageError } from "../args.js";
import { bundledRegistry } from "../bundled-connectors.js";
import type { Command } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { checkpointText } from "../output/checkpoint-text.js";
import { reportFailure } from "../output/failure.js";
import { precompiledValidators } from "../precompiled-validators.js";
import { checkResetAllowed } from "./reset-guard.js";

const usage = `Usage: taxiway state JOB.yaml show|reset|set [options]

  show [--json]                 the checkpoint: cursors per collection, sink states, last run
                                (--json: the raw document)
  reset [--force]               forget it: the next run fetches every collection from the start;
                                refused when a sink appends (CSV append, Splunk HEC) unless --force
  set --added-after T [--collection C]
                                move a collection's cursor (all collections when --collection is absent);
                                C must be one of the job's collections
`;

function parseStateFlags(argv: string[]) {
  const { values, positionals } = parseFlags(argv, {
    "added-after": { type: "string" },
    collection: { type: "string" },
    json: { type: "boolean" },
    force: { type: "boolean" },
  });
  const [path, action] = positionals;
  if (!path || !action) throw new UsageError("say what to do: taxiway state JOB.yaml show|reset|set");
  if (!["show", "reset", "set"].includes(action))
    throw new UsageError(`unknown action '${action}': use show, reset or set`);
  if (action === "set" && (values["added-after"] === undefined || !parseTimestamp(values["added-after"])))
    throw new UsageError("set --added-after needs an RFC 3339 timestamp, e.g. 2026-01-01T00:00:00.000Z");
  return {
    path,
    action,
    json: values.json === true,
    force: values.force === true,
    addedAfter: values["added-after"],
    collection: values.collection,
  };
}

/**
 * The checkpoint needs the job's name and paths, not its credentials: an unset `${env:…}` (a token kept only in the
 * scheduler's environment) reads as a placeholder here instead of failing `state show`.
 */
function withoutSecretsNeeded(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return new Proxy(env, {
    get: (target, name) => (typeof name === "string" ? (target[name] ?? "(unset)") : undefined),
  });
}

export const stateCommand: Command = {
  name: "state",
  summary: "show, reset or move a job's checkpoint",
  usage,
  async run(argv, io) {
    let flags: ReturnType<typeof parseStateFlags>;
    try {
      flags = parseStateFlags(argv);
    } catch (error) {
      const code = reportFailure(io, error);
      io.stderr.write(`\n${usage}`);
      return code;
    }
    let store: CheckpointStore | undefined;
    try {
      const loaded = await loadJobFile(flags.path, {
        env: withoutSecretsNeeded(io.env),
        secrets: new SecretRegistry(),
        registry: bundledRegistry(),
        precompiled: precompiledValidators,
      });
      store = checkpointStoreFor(loaded);
      const name = loaded.job.name;
      if (flags.action === "show") {
        const document = await store.load(name);
        if (flags.json) io.stdout.write(`${JSON.stringify(document ?? null, null, 2)}\n`);
        else
          io.stdout.write(
            document
              ? checkpointText(document, store.location)
              : `no checkpoint yet for job ${name} (${store.location})\n`,
          );
        return ExitCode.ok;
      }
      const source = loaded.job.source;
      if (!isTaxiiSource(source) && flags.action === "set")
        throw new UsageError(`state set moves a TAXII cursor; job ${name} reads a ${source.type} source`);
      const configured = isTaxiiSource(source) ? (source.collections ?? [source.collection as string]) : [];
      if (flags.collection !== undefined && !configured.includes(flags.collection))
        throw new UsageError(
          `--collection '${flags.collection}' is not a collection of job ${name}; its collections: ${configured.join(", ")}`,
        );
      const lock = await store.lock(name);
      try {
        if (flags.action === "reset") {
          const appending = checkResetAllowed(loaded, flags.force);
          await store.reset(name);
          if (appending.length > 0)
            io.stderr.write(
              `taxiway: warning: ${appending.join(", ")} will receive every IOC again (--force)\n`,
            );
          io.stdout.write(`checkpoint of job ${name} reset (${store.location})\n`);
          return ExitCode.ok;
        }
        const addedAfter = flags.addedAfter as string;
        const document = await store.load(name);
        const collections = { ...(document?.collections ?? {}) };
        const targets = flags.collection !== undefined ? [flags.collection] : configured;
        for (const collection of targets) collections[collection] = { added_after: addedAfter };
        await store.commit(
          name,
          { collections, sinks: document?.sinks ?? {}, last_run: document?.last_run },
          document?.revision ?? 0,
          lock,
        );
        io.stdout.write(`job ${name}: ${targets.join(", ")} will continue after ${addedAfter}\n`);
        return ExitCode.ok;
      } finally {
        await lock.release();
      }
    } catch (error) {
      return reportFailure(io, error, { json: flags.json });
    } finally {
      await store?.close?.().catch(() => {});
    }
  },
};
