import { ConfigError, type LoadedJob, sinkIdOf } from "@taxiway/core";

/** Ids of the job's sinks that would hold a second copy of every IOC after a replay (CSV append, Splunk HEC). */
export function appendingSinks(loaded: LoadedJob): string[] {
  return loaded.job.sinks.flatMap((config, index) => {
    const { type, id: _id, ...own } = config;
    const appends = loaded.connectors.get(type)?.appendsOnReplay?.(own as never) ?? false;
    return appends ? [sinkIdOf(config, index)] : [];
  });
}

/**
 * Forgetting the checkpoint replays the whole feed. Where a sink appends, that duplicates every IOC, so it is refused
 * (ConfigError `RESET_WOULD_DUPLICATE`) unless `force`; returns the appending sinks otherwise, for a warning.
 * Used by `run --reset` and `state JOB reset` alike.
 */
export function checkResetAllowed(loaded: LoadedJob, force: boolean): string[] {
  const appending = appendingSinks(loaded);
  if (appending.length > 0 && !force)
    throw new ConfigError(
      `a reset would deliver every IOC again to ${appending.join(", ")}, which append${appending.length === 1 ? "s" : ""} (a second copy, not an overwrite). Move the output away and add --force, or use --since to replay a window`,
      { code: "RESET_WOULD_DUPLICATE", details: { sinks: appending } },
    );
  return appending;
}
