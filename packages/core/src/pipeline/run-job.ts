import { hostname } from "node:os";
import { resolve } from "node:path";
import {
  type CheckpointDocument,
  type CheckpointStore,
  type CollectionCursor,
  holdLease,
} from "../checkpoint/index.js";
import { isTaxiiSource, type JobConfig } from "../config/job.js";
import { parseDuration } from "../config/units.js";
import { AbortedError, TaxiwayError } from "../errors/index.js";
import type { IocRecord, TlpLevel } from "../ioc/record.js";
import type { Logger } from "../logging/index.js";
import type { ConnectorDescriptor } from "../sink/index.js";
import type { PageSource } from "../taxii/page.js";
import { DeadLetterFile } from "./dead-letter.js";
import { RecordFilter } from "./filters.js";
import { CommitSchedule } from "./group-commit.js";
import type { RunMetrics } from "./metrics.js";
import { type JobSink, openSinks } from "./open-sinks.js";
import {
  type DeliveredPage,
  deliverNextPage,
  type PageStagesContext,
  type PreparedPageSource,
  preparePage,
} from "./page-stages.js";
import { mapEach, prefetch } from "./prefetch.js";
import { emptySummary, notePaging, type RunSummary } from "./summary.js";
import { sweepRequestFor, sweepSinks } from "./sweep.js";

export interface RunJobOptions {
  job: JobConfig;
  baseDir: string;
  /** The job's streams: pages to prepare here, or pages prepared in the source worker. */
  sources: readonly (PageSource | PreparedPageSource)[];
  connectors: ReadonlyMap<string, ConnectorDescriptor>;
  store: CheckpointStore;
  logger: Logger;
  /** Stop after the page in flight: it is delivered and committed, then the run ends. */
  signal?: AbortSignal;
  dryRun?: boolean;
  /** Overrides the cursor of every collection for this run (`--since`). */
  since?: string;
  /** Starts every collection as a first run would, without touching the stored checkpoint (`--dry-run --reset`). */
  ignoreCheckpoint?: boolean;
  /** Called after each committed page (progress line). */
  onPage?: (summary: Readonly<RunSummary>, page: DeliveredPage) => void;
  /** With dryRun: the records that would have been written, page by page. */
  onDryRunRecords?: (records: readonly IocRecord[]) => void;
  metrics?: RunMetrics;
  /** The clock (epoch ms) of the filter and the sweep; tests inject one instead of waiting. */
  now?: () => number;
  /** First retry delay of sink writes in ms (default 500; tests shorten it). */
  backoffBaseMs?: number;
  /**
   * Sweep the sinks that declare `sweep` once the collections are done (default true; `--watch` sweeps on its own
   * schedule instead). Never in a dry run, nor after a stop.
   */
  sweep?: boolean;
}

function startCursor(
  job: JobConfig,
  saved: CollectionCursor | undefined,
  since: string | undefined,
  now: number,
): CollectionCursor {
  if (since) return { added_after: since };
  if (saved) return saved;
  const first = job.source as { added_after?: string; initial_lookback?: string | number };
  if (first.added_after) return { added_after: first.added_after };
  if (first.initial_lookback !== undefined) {
    const lookback = parseDuration(first.initial_lookback);
    if (lookback !== undefined) return { added_after: new Date(now - lookback).toISOString() };
  }
  return {};
}

/**
 * Runs one job once: every collection's pages flow decode → extract → filter → every sink; after each page the
 * sinks flush durably and only then the checkpoint commits (cursor + sink states). Dead-lettered items never
 * block progress; transient sink failures are retried, and when retries run out the run fails with the
 * checkpoint where it was.
 */
export async function runJob(options: RunJobOptions): Promise<RunSummary> {
  const { job, store, logger } = options;
  const now = options.now ?? Date.now;
  const dryRun = options.dryRun ?? false;
  const summary = emptySummary(job.name, dryRun);
  const started = now();
  const lease = dryRun ? undefined : await holdLease(store, job.name, { logger });
  const deadLetter = new DeadLetterFile(
    resolve(options.baseDir, job.dead_letter?.path ?? `./state/${job.name}.dead-letter.ndjson`),
    job.name,
  );
  const filter = new RecordFilter(job.filters);
  const objectTypes = job.filters?.object_types ? new Set(job.filters.object_types) : undefined;
  const markings = new Map<string, TlpLevel>();
  const sinks: JobSink[] = [];
  let checkpoint: CheckpointDocument | undefined;
  const schedule = new CommitSchedule(job.delivery?.commit_every, now);
  let revision = 0;
  const collections: Record<string, CollectionCursor> = {};
  const sinkStates: Record<string, unknown> = {};

  /** Makes the pages delivered since the last commit durable (dead letters, sinks), then commits their cursor. */
  async function commitDelivered(): Promise<void> {
    await deadLetter.flush();
    for (const { id, sink } of sinks) sinkStates[id] = await sink.flush();
    lease?.assertHeld();
    const committed = await store.commit(
      job.name,
      { collections, sinks: sinkStates, last_run: checkpoint?.last_run },
      revision,
      lease,
    );
    revision = committed.revision;
    checkpoint = committed;
    schedule.committed();
    await lease?.renewIfDue();
  }

  try {
    checkpoint = await store.load(job.name);
    revision = checkpoint?.revision ?? 0;
    Object.assign(collections, checkpoint?.collections);
    Object.assign(sinkStates, checkpoint?.sinks);

    if (!dryRun) {
      await openSinks(
        {
          job,
          connectors: options.connectors,
          states: sinkStates,
          baseDir: options.baseDir,
          logger,
          signal: options.signal,
        },
        sinks,
      );
      for (const { id, type } of sinks) summary.sinks[id] = { type, delivered: 0, rejected: 0 };
    }

    for (const source of options.sources) {
      if (options.signal?.aborted) break;
      const start = startCursor(
        job,
        options.ignoreCheckpoint ? undefined : collections[source.collection],
        options.since,
        now(),
      );
      const stats: RunSummary["collections"][string] = {
        pages: 0,
        objects: 0,
        ...(start.added_after ? { added_after: start.added_after } : {}),
        // A cursor strategy is TAXII's: a bundle file or a MISP feed keeps its own position instead.
        ...(isTaxiiSource(job.source) ? { strategy: start.strategy ?? "header" } : {}),
      };
      summary.collections[source.collection] = stats;
      logger.info(
        { collection: source.collection, added_after: start.added_after ?? "(beginning)" },
        "polling",
      );

      const stages: PageStagesContext = {
        job,
        collection: source.collection,
        summary,
        deadLetter,
        filter,
        objectTypes,
        markings,
        sinks,
        logger,
        dryRun,
        now,
        signal: options.signal,
        backoffBaseMs: options.backoffBaseMs,
        metrics: options.metrics,
        onDryRunRecords: options.onDryRunRecords,
        relayObjects: !dryRun && sinks.some(({ sink }) => sink.stageObjects !== undefined),
      };
      // Decode, extract and filter run ahead (prefetch), overlapping the fsyncs and the checkpoint of the page before.
      const prepared =
        "preparedPages" in source
          ? source.preparedPages(start, {
              signal: options.signal,
              relayObjects: stages.relayObjects,
              leaseOwner: lease?.owner,
            })
          : mapEach(source.pages(start, options.signal), (page) => preparePage(page, stages));
      const pages = prefetch(prepared, job.delivery?.prefetch ?? 1)[Symbol.asyncIterator]();
      try {
        for (;;) {
          const page = await deliverNextPage(pages, stages);
          if (page === undefined) break;
          if (!dryRun) {
            collections[source.collection] = page.cursor;
            if (schedule.delivered()) await commitDelivered();
          }
          notePage(stats, page);
          options.onPage?.(summary, page);
          if (options.signal?.aborted) break;
        }
      } finally {
        await pages.return?.();
      }
      if (schedule.uncommitted > 0) await commitDelivered();
    }
    if (!dryRun && !options.signal?.aborted && (options.sweep ?? true)) {
      const swept = await sweepSinks(sinks, sweepRequestFor(job, now()), logger, options.metrics);
      let sweptState = false;
      for (const [id, result] of Object.entries(swept)) {
        const stats = summary.sinks[id] as RunSummary["sinks"][string];
        stats.expired = result.expired;
        if (result.error) stats.sweep_error = result.error;
        summary.expired += result.expired;
        if (result.state !== undefined) {
          sinkStates[id] = result.state;
          sweptState = true;
        }
      }
      // A sweep that appended (CSV delete rows) is durable only once its state is committed, like a page.
      if (sweptState) {
        lease?.assertHeld();
        checkpoint = await store.commit(
          job.name,
          { collections, sinks: sinkStates, last_run: checkpoint?.last_run },
          revision,
          lease,
        );
        revision = checkpoint.revision;
      }
    }
    if (options.signal?.aborted) summary.status = "stopped";
    else if (
      summary.dead_lettered.sink > 0 ||
      Object.values(summary.sinks).some((sink) => sink.sweep_error !== undefined)
    )
      summary.status = "partial";
  } catch (error) {
    if (
      error instanceof AbortedError ||
      (options.signal?.aborted && !(error instanceof TaxiwayError && error.code !== "ABORTED"))
    ) {
      summary.status = "stopped";
    } else {
      summary.status = "failed";
      summary.error = {
        code: error instanceof TaxiwayError ? error.code : "UNEXPECTED",
        message: error instanceof Error ? error.message : String(error),
      };
      throw Object.assign(error instanceof Error ? error : new Error(String(error)), { summary: finish() });
    }
  } finally {
    await closeAll();
  }
  return finish();

  /** Counts a delivered page (committed, unless delivery.commit_every groups it) in the summary, metrics and log. */
  function notePage(stats: RunSummary["collections"][string], page: DeliveredPage): void {
    summary.pages++;
    summary.objects += page.objectCount;
    summary.bytes += page.bytes;
    stats.pages++;
    stats.objects += page.objectCount;
    notePaging(stats, page);
    if (page.objectCount > 0) summary.nothing_new = false;
    if (page.cursor.added_after) {
      stats.added_after = page.cursor.added_after;
      const last = Date.parse(page.cursor.added_after);
      if (!Number.isNaN(last)) stats.lag_ms = Math.max(0, now() - last);
    }
    summary.iocs += page.iocs;
    summary.deletions += page.deletions;
    for (const [type, count] of Object.entries(page.iocsByType))
      summary.iocs_by_type[type] = (summary.iocs_by_type[type] ?? 0) + count;
    options.metrics?.page(page.collection, page.objectCount, page.iocs, stats.lag_ms);
    options.metrics?.deadLetter("decode", page.undecodable);
    logger.debug(
      {
        collection: page.collection,
        page: page.sequence,
        objects: page.objectCount,
        iocs: page.iocs,
        cursor: page.cursor.added_after,
        more: page.more,
      },
      dryRun
        ? "page extracted (dry run: not written, not committed)"
        : schedule.uncommitted === 0
          ? "page delivered and committed"
          : "page delivered (commit pending: delivery.commit_every)",
    );
  }

  function finish(): RunSummary {
    if (summary.finished_at === undefined) {
      options.metrics?.deadLetter("extract", summary.dead_lettered.extract);
      options.metrics?.deadLetter("sink", summary.dead_lettered.sink);
      options.metrics?.runFinished(summary.error);
    }
    summary.elapsed_ms = now() - started;
    if (summary.finished_at === undefined)
      logger.info(
        {
          status: summary.status,
          pages: summary.pages,
          objects: summary.objects,
          iocs: summary.iocs,
          elapsed_ms: summary.elapsed_ms,
        },
        "run finished",
      );
    summary.finished_at = new Date(now()).toISOString();
    if (deadLetter.count > 0 && !dryRun) summary.dead_lettered.file = deadLetter.path;
    return summary;
  }

  async function closeAll(): Promise<void> {
    const problems: unknown[] = [];
    for (const { id, sink } of sinks) {
      try {
        await sink.close();
      } catch (error) {
        problems.push(error);
        logger.error({ sink: id, err: (error as Error).message }, "sink close failed");
      }
    }
    // Pending lines belong to the page that was not committed: the next run reads that page again and writes them
    // then, so a job that keeps failing does not append the same dead letters at every run.
    if (dryRun || summary.status === "failed") deadLetter.discard();
    await deadLetter
      .close()
      .catch((error: unknown) => logger.error({ err: (error as Error).message }, "dead-letter close failed"));
    if (!dryRun && checkpoint && summary.status !== "failed") {
      const current = await store.load(job.name).catch(() => undefined);
      if (current)
        await store
          .commit(
            job.name,
            {
              collections: current.collections,
              sinks: current.sinks,
              last_run: { ...summaryForCheckpoint(), host: hostname() },
            },
            current.revision,
            lease,
          )
          .catch((error: unknown) =>
            logger.warn(
              { err: (error as Error).message },
              "could not record the run summary in the checkpoint",
            ),
          );
    }
    await lease?.release();
  }

  function summaryForCheckpoint(): Record<string, unknown> {
    const { collections: _c, ...rest } = finish();
    return rest as unknown as Record<string, unknown>;
  }
}
