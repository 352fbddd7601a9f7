import { LockedError, type Logger, type RunSummary, runLoadedJob, runLoadedSweep } from "@taxiway/core";
import { ExitCode } from "../exit-codes.js";
import { exitCodeFor } from "../output/exit-code-for.js";
import { describeFailure } from "../output/failure.js";
import { holderOf } from "./holder.js";
import type { ServeJob } from "./job-set.js";
import type { RunOutcome } from "./job-table.js";
import type { RunResult, ServeMetrics } from "./metrics.js";

/** What the scheduler hands the executor: a job's poll, or its expiry sweep. */
export interface ServeTask {
  kind: "run" | "sweep";
  job: ServeJob;
}

export interface ExecuteContext {
  logger: Logger;
  metrics: ServeMetrics;
  /** This worker's holder name. */
  worker: string;
  /** Consecutive failures of the task before this run (for the metric after it). */
  failuresBefore(taskId: string): number;
  /** Test seam: the pipeline entry points. */
  runJob?: typeof runLoadedJob;
  runSweep?: typeof runLoadedSweep;
}

interface Ended {
  outcome: RunOutcome;
  result: RunResult;
  summary?: RunSummary;
}

async function poll(
  task: ServeTask,
  context: ExecuteContext,
  signal: AbortSignal,
  logger: Logger,
): Promise<Ended> {
  const summary = await (context.runJob ?? runLoadedJob)(task.job.loaded, {
    logger,
    signal,
    sweep: false,
    metrics: context.metrics.job(task.job.name),
  });
  return { outcome: { kind: "ok" }, result: summary.status === "partial" ? "partial" : "ok", summary };
}

async function sweep(
  task: ServeTask,
  context: ExecuteContext,
  signal: AbortSignal,
  logger: Logger,
): Promise<Ended> {
  const summary = await (context.runSweep ?? runLoadedSweep)(task.job.loaded, {
    logger,
    signal,
    metrics: context.metrics.job(task.job.name),
  });
  if (summary.status !== "ok")
    logger.warn({ expired: summary.expired }, "sweep partly failed; the next one retries");
  return { outcome: { kind: "ok" }, result: summary.status === "ok" ? "ok" : "partial" };
}

function failed(
  task: ServeTask,
  error: unknown,
  signal: AbortSignal,
  context: ExecuteContext,
  logger: Logger,
): Ended {
  const summary = (error as { summary?: RunSummary }).summary;
  if (error instanceof LockedError) {
    const holder = holderOf(error) ?? "unknown";
    logger.info({ holder }, `${task.kind} skipped: held elsewhere until its next time`);
    return { outcome: { kind: "held", holder }, result: "held", summary };
  }
  // A stop (SIGTERM) that cut a wait short is a drain, not a failure.
  if (signal.aborted && exitCodeFor(error) === ExitCode.failed) {
    logger.info(`${task.kind} stopped by the drain; the checkpoint holds every committed page`);
    return { outcome: { kind: "ok" }, result: "ok", summary };
  }
  const report = describeFailure(error);
  if (task.kind === "run" && !summary) context.metrics.job(task.job.name).runFinished({ code: report.code });
  logger.warn(
    { code: report.code, consecutive_failures: context.failuresBefore(taskIdOf(task)) + 1 },
    `${task.kind} failed, backing off: ${report.message}`,
  );
  return { outcome: { kind: "failed" }, result: "failed", summary };
}

export function taskIdOf(task: Pick<ServeTask, "kind" | "job">): string {
  return task.kind === "run" ? task.job.name : `${task.job.name}#sweep`;
}

/**
 * Runs one task of `taxiway serve` to its end and says how it went, for the scheduler: a LockedError (another
 * worker holds the job's lock or lease) is `held`, not a failure; a run cut short by the drain is `ok` (its
 * committed pages stand); anything else thrown is `failed` (backoff). Never throws. Metrics and one log line each.
 */
export async function executeTask(
  task: ServeTask,
  signal: AbortSignal,
  context: ExecuteContext,
): Promise<RunOutcome> {
  const id = taskIdOf(task);
  const logger = context.logger.child({ job: task.job.name, task: task.kind });
  context.metrics.started(task.job.name, context.worker);
  let ended: Ended;
  try {
    ended = await (task.kind === "run" ? poll : sweep)(task, context, signal, logger);
  } catch (error) {
    ended = failed(task, error, signal, context, logger);
  }
  const holder = ended.outcome.kind === "held" ? ended.outcome.holder : undefined;
  if (task.kind === "run")
    context.metrics.finished(task.job.name, ended.result, {
      summary: ended.summary,
      consecutiveFailures: ended.result === "failed" ? context.failuresBefore(id) + 1 : 0,
      holder,
    });
  else context.metrics.idle(task.job.name, holder);
  return ended.outcome;
}
