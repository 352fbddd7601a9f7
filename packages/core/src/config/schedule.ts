import { Cron } from "croner";
import { ConfigError } from "../errors/index.js";
import type { JobConfig } from "./job.js";
import { parseDuration } from "./units.js";

/** JSON Schema `format` name of a job's `schedule:` (a cron expression), checked by the same parser that runs it. */
export const CRON_FORMAT = "cron";

/** The interval of a job that names neither `schedule` nor `interval` (nor `watch.interval`). */
export const DEFAULT_JOB_INTERVAL_MS = 15 * 60_000;

/** The shortest `interval`: a 0 typed by mistake must not poll a partner's feed non-stop. */
export const MIN_JOB_INTERVAL_MS = 1000;

/**
 * When a job runs under `taxiway serve`. Times are epoch milliseconds.
 * - `first(now)`: the first run after start-up (an interval job runs at once; a cron job at its next fire time).
 * - `next(after)`: the next regular run after a run ended at `after`.
 * - `periodMs(after)`: the regular gap around `after`, the base a failure's backoff doubles.
 */
export interface JobSchedule {
  kind: "cron" | "interval";
  /** As written: `*\/5 * * * *`, `15m`. */
  text: string;
  first(now: number): number;
  next(after: number): number;
  periodMs(after: number): number;
}

function cronOf(text: string): Cron {
  // UTC: replicas of a fleet in different zones agree on when a job is due; 5 fields, or 6 with seconds first.
  return new Cron(text, { timezone: "UTC", mode: "5-or-6-parts" });
}

/** Why `text` is not a cron expression taxiway runs (croner's own words), or undefined when it is one. */
export function cronProblem(text: string): string | undefined {
  try {
    if (cronOf(text).nextRun(new Date(0)) === null) return "never fires";
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, "");
  }
}

/** A `schedule:` in cron syntax (croner: 5 fields, or 6 with seconds first; evaluated in UTC). */
export function cronSchedule(text: string): JobSchedule {
  const cron = cronOf(text);
  const next = (after: number) => cron.nextRun(new Date(after))?.getTime() ?? Number.POSITIVE_INFINITY;
  return {
    kind: "cron",
    text,
    first: next,
    next,
    periodMs: (after) => {
      const one = next(after);
      return Math.max(1000, next(one) - one);
    },
  };
}

/** An `interval:` schedule: the first run at once, then `ms` after each run ends (jitter is the scheduler's). */
export function intervalSchedule(ms: number, text = `${ms}ms`): JobSchedule {
  return {
    kind: "interval",
    text,
    first: (now) => now,
    next: (after) => after + ms,
    periodMs: () => ms,
  };
}

/**
 * A job's schedule under `taxiway serve`: `schedule:` (cron), else `interval:`, else `watch.interval`, else 15m.
 * Throws ConfigError (`CONFIG_INVALID`) for an interval below 1s or a cron expression croner refuses (the schema
 * reports both first, with the line; this guards jobs built in code).
 */
export function jobSchedule(job: Pick<JobConfig, "name" | "schedule" | "interval" | "watch">): JobSchedule {
  if (job.schedule !== undefined) {
    const problem = cronProblem(job.schedule);
    if (problem)
      throw new ConfigError(
        `job '${job.name}': schedule '${job.schedule}' is not a cron expression: ${problem}`,
        {
          details: { key: "schedule" },
        },
      );
    return cronSchedule(job.schedule);
  }
  const written = job.interval ?? job.watch?.interval;
  if (written === undefined) return intervalSchedule(DEFAULT_JOB_INTERVAL_MS, "15m");
  const ms = parseDuration(written);
  const key = job.interval !== undefined ? "interval" : "watch.interval";
  if (ms === undefined || ms < MIN_JOB_INTERVAL_MS)
    throw new ConfigError(
      `job '${job.name}': ${key} '${written}' must be a duration of at least 1s (a job that runs without pause hammers the feed)`,
      { details: { key } },
    );
  return intervalSchedule(ms, String(written));
}
