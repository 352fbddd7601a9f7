import type { CollectionCursor } from "../checkpoint/types.js";
import type { JobConfig } from "../config/job.js";
import { extractFromObject } from "../ioc/index.js";
import type { IocRecord, TlpLevel } from "../ioc/record.js";
import type { Logger } from "../logging/index.js";
import type { StixObject } from "../stix/types.js";
import type { Page } from "../taxii/page.js";
import type { DeadLetterEntry, DeadLetterFile } from "./dead-letter.js";
import { decodeObjects } from "./decode.js";
import { deliver } from "./deliver.js";
import type { DropReason, RecordFilter } from "./filters.js";
import { learnMarking } from "./markings.js";
import type { RunMetrics } from "./metrics.js";
import type { JobSink } from "./open-sinks.js";
import { addCounts, type RunSummary } from "./summary.js";

/** A page once its objects have gone through the stages: everything but the objects, which are not kept. */
export interface DeliveredPage extends Omit<Page, "objects" | "dateAdded"> {
  /** How many objects the response carried. */
  objectCount: number;
  /** How many of them failed to decode (dead-lettered). */
  undecodable: number;
  /** IOCs kept by the filters and handed to the sinks: count, per type, and how many were deletions. */
  iocs: number;
  iocsByType: Record<string, number>;
  deletions: number;
}

/**
 * A page after decode → extract → filter, not yet delivered. What the stages found (counts, dead letters) is held
 * here and applied only when the page is delivered, so a page prepared ahead of time and never delivered (a stop,
 * a failure) leaves no trace in the summary or the dead-letter file.
 */
export interface PreparedPage {
  header: Omit<Page, "objects" | "dateAdded">;
  objectCount: number;
  /** The decoded STIX objects, kept only when a sink relays objects (Sink.stageObjects). */
  objects?: StixObject[];
  kept: IocRecord[];
  deadLetters: DeadLetterEntry[];
  undecodable: number;
  nonAtomic: number;
  nonStandard: number;
  issues: Record<string, number>;
  filtered: Partial<Record<DropReason | "object_type", number>>;
}

/** What decode → extract → filter of a page needs: no sink, no summary, nothing but data (it also runs in the source worker). */
export interface PrepareContext {
  job: JobConfig;
  collection: string;
  filter: RecordFilter;
  objectTypes: ReadonlySet<string> | undefined;
  markings: Map<string, TlpLevel>;
  logger: Logger;
  now: () => number;
  /** Keep the decoded objects on the prepared page: a sink relays objects (Sink.stageObjects). */
  relayObjects: boolean;
}

/** What the stages of one job share for the whole run. */
export interface PageStagesContext extends PrepareContext {
  summary: RunSummary;
  deadLetter: DeadLetterFile;
  sinks: readonly JobSink[];
  dryRun: boolean;
  signal?: AbortSignal;
  backoffBaseMs?: number;
  metrics?: RunMetrics;
  onDryRunRecords?: (records: readonly IocRecord[]) => void;
}

/**
 * Decode → extract → filter of one page: CPU work with no side effect outside the result (but the TLP markings
 * learned on the way), so the runner does it for the next page while the current one waits on fsync and the
 * checkpoint. The page's objects are referenced only here (and in the result when a sink relays objects), so they die
 * young: V8's scavenger never copies them to the old generation.
 */
export function preparePage(page: Page, context: PrepareContext): PreparedPage {
  const { objects, dateAdded: _dateAdded, ...header } = page;
  const prepared: PreparedPage = {
    header,
    objectCount: objects.length,
    kept: [],
    deadLetters: [],
    undecodable: 0,
    nonAtomic: 0,
    nonStandard: 0,
    issues: {},
    filtered: {},
  };
  const valid = decodeStage(objects, prepared, context);
  const records = extractStage(valid, prepared, context);
  const filtered = context.filter.apply(records, context.now());
  addCounts(prepared.filtered, filtered.dropped);
  prepared.kept = filtered.kept;
  if (context.relayObjects) prepared.objects = valid;
  return prepared;
}

/**
 * Counts a prepared page, queues its dead letters and hands it to every sink (each acknowledged its write; not yet
 * flushed or committed). In a dry run the records go to `onDryRunRecords` instead.
 */
export async function deliverPage(
  prepared: PreparedPage,
  context: PageStagesContext,
): Promise<DeliveredPage> {
  const { kept } = prepared;
  noteStages(prepared, context);
  if (context.dryRun) context.onDryRunRecords?.(kept);
  else await deliverStage(kept, prepared.objects ?? [], context);
  let deletions = 0;
  const iocsByType: Record<string, number> = {};
  for (const record of kept) {
    iocsByType[record.type] = (iocsByType[record.type] ?? 0) + 1;
    if (record.action === "delete") deletions++;
  }
  return {
    ...prepared.header,
    objectCount: prepared.objectCount,
    undecodable: prepared.undecodable,
    iocs: kept.length,
    iocsByType,
    deletions,
  };
}

/**
 * A stream whose pages are decoded, extracted and filtered elsewhere (the source worker, source-worker/): the runner
 * only delivers and commits them. `relayObjects` asks for the decoded objects on each page (Sink.stageObjects);
 * `leaseOwner` is the lease the run holds, which guards the writes of a store-kept seen-index there too.
 */
export interface PreparedPageSource {
  readonly collection: string;
  preparedPages(
    start: CollectionCursor,
    options: { signal?: AbortSignal; relayObjects: boolean; leaseOwner?: string },
  ): AsyncIterable<PreparedPage>;
}

/**
 * Takes the next prepared page and delivers it (deliverPage); undefined at the end of the collection. Nothing of the
 * page but its DeliveredPage outlives this call, so the records are garbage before the runner waits on the commit.
 */
export async function deliverNextPage(
  pages: AsyncIterator<PreparedPage>,
  context: PageStagesContext,
): Promise<DeliveredPage | undefined> {
  const next = await pages.next();
  return next.done ? undefined : deliverPage(next.value, context);
}

/** Decode: the STIX objects the extractor can read; the rest become dead letters with the reason. */
function decodeStage(
  objects: readonly unknown[],
  prepared: PreparedPage,
  context: PrepareContext,
): StixObject[] {
  const { valid, invalid } = decodeObjects(objects);
  for (const bad of invalid)
    prepared.deadLetters.push({
      stage: "decode",
      code: bad.code,
      message: bad.message,
      collection: context.collection,
      item: bad.object,
    });
  prepared.undecodable = invalid.length;
  return valid;
}

/** Extract: the IOC records of the page's objects (marking definitions teach TLP on the way). */
function extractStage(
  valid: readonly StixObject[],
  prepared: PreparedPage,
  context: PrepareContext,
): IocRecord[] {
  const { job, objectTypes, markings, collection, logger } = context;
  const records: IocRecord[] = [];
  const extraction = {
    feed: job.feed ?? job.name,
    collection,
    markings,
    refang: job.extract?.refang ?? true,
  };
  for (const object of valid) {
    learnMarking(object, markings);
    if (objectTypes && !objectTypes.has(object.type)) {
      prepared.filtered.object_type = (prepared.filtered.object_type ?? 0) + 1;
      continue;
    }
    const extracted = extractFromObject(object, extraction);
    prepared.nonAtomic += extracted.nonAtomic;
    prepared.nonStandard += extracted.nonStandard;
    if (extracted.warnings.length > 0) {
      logger.warn(
        { stix_id: object.id, collection, warnings: extracted.warnings },
        "pattern comparisons taxiway cannot make IOCs of (the rest of the pattern was extracted)",
      );
      for (const issue of extracted.warnings) countIssue(prepared, issue.code);
    }
    for (const problem of extracted.problems) {
      countIssue(prepared, problem.code);
      prepared.deadLetters.push({
        stage: "extract",
        code: problem.code,
        message: problem.message,
        collection,
        stix_id: object.id,
        item: object,
      });
    }
    for (const record of extracted.records) records.push(record);
  }
  return records;
}

/** Deliver: every sink writes the kept records (retried per the job's delivery settings); rejects are dead-lettered. */
async function deliverStage(
  kept: readonly IocRecord[],
  objects: readonly StixObject[],
  context: PageStagesContext,
): Promise<void> {
  const { job, sinks, summary, deadLetter, collection } = context;
  for (const { sink } of sinks) sink.stageObjects?.(objects);
  const batchSize = job.delivery?.batch_size ?? 5000;
  const retries = job.delivery?.retries ?? 5;
  const results = await Promise.all(
    sinks.map(async ({ id, sink }) => {
      const started = performance.now();
      const result = await deliver(sink, kept, {
        sinkId: id,
        batchSize,
        retries,
        logger: context.logger,
        signal: context.signal,
        backoffBaseMs: context.backoffBaseMs,
      });
      context.metrics?.sinkWrite(id, (performance.now() - started) / 1000);
      return result;
    }),
  );
  results.forEach((result, index) => {
    const { id } = sinks[index] as JobSink;
    const stats = summary.sinks[id] as RunSummary["sinks"][string];
    stats.delivered += result.delivered;
    stats.rejected += result.rejected.length;
    summary.dead_lettered.sink += result.rejected.length;
    for (const { record, error } of result.rejected)
      deadLetter.add({
        stage: "sink",
        sink: id,
        code: error.code,
        message: error.message,
        collection,
        stix_id: record.stix_id,
        item: record,
      });
  });
}

/** Applies what decode, extract and filter found on a delivered page to the run summary and the dead-letter file. */
function noteStages(prepared: PreparedPage, { summary, deadLetter }: PageStagesContext): void {
  for (const entry of prepared.deadLetters) deadLetter.add(entry);
  summary.dead_lettered.decode += prepared.undecodable;
  summary.dead_lettered.extract += prepared.deadLetters.length - prepared.undecodable;
  summary.non_atomic += prepared.nonAtomic;
  summary.non_standard += prepared.nonStandard;
  addCounts(summary.extract_issues, prepared.issues);
  addCounts(summary.filtered, prepared.filtered);
}

/** Counts one extraction problem or warning under its code. */
function countIssue(prepared: PreparedPage, code: string): void {
  prepared.issues[code] = (prepared.issues[code] ?? 0) + 1;
}
