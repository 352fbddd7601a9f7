import {
  type CollectionCursor,
  type CollectionSummary,
  createLogger,
  type Logger,
  MemorySeenIndex,
  notePaging,
  objectKey,
  TaxiiPageSource,
} from "@taxiway/core";
import type { SimulatedTaxiiServer } from "./simulated-server.js";

/** One run of a job against the model: batches added before it, and how (whether) it is interrupted. */
export interface ModelRun {
  /** Sizes of the batches added before this run (each batch shares one date_added). */
  addBefore: number[];
  /**
   * `sigterm`: after page `atPage` is committed the run stops (taxiway's graceful stop). `kill`: the run dies
   * after page `atPage` was fetched (and the next one prefetched) but before it was committed, as kill -9 does;
   * the sink's uncommitted writes are undone, as taxiway's sinks do on restart.
   */
  interrupt?: { kind: "sigterm" | "kill"; atPage: number };
}

export interface ModelOutcome {
  /** object key → deliveries committed over all runs. */
  delivered: Map<string, number>;
  /** The collection's summary after each run. */
  summaries: CollectionSummary[];
  cursor: CollectionCursor;
}

/**
 * Runs a job's polls against the simulated server the way the runner does (pages delivered then committed, the
 * seen-index persisting between runs), with the interruptions the plan asks for.
 */
export async function driveModel(
  server: SimulatedTaxiiServer,
  runs: readonly ModelRun[],
  options: { pageSize: number; logger?: Logger },
): Promise<ModelOutcome> {
  const logger = options.logger ?? createLogger({ level: "silent", format: "json" });
  const seen = new MemorySeenIndex();
  const delivered = new Map<string, number>();
  const summaries: CollectionSummary[] = [];
  let cursor: CollectionCursor = {};
  for (const run of runs) {
    for (const size of run.addBefore) server.addBatch(size);
    const source = new TaxiiPageSource({
      client: server,
      collection: "c1",
      collectionUrl: "simulated://collections/c1/",
      pageSize: options.pageSize,
      pagination: "auto",
      logger,
      openSeenIndex: () => seen,
    });
    const summary: CollectionSummary = { pages: 0, objects: 0, strategy: cursor.strategy ?? "header" };
    const pages = source.pages(cursor)[Symbol.asyncIterator]();
    for (let number = 1; ; number++) {
      const next = await pages.next();
      if (next.done) break;
      const page = next.value;
      if (run.interrupt?.kind === "kill" && number === run.interrupt.atPage) {
        await pages.next();
        await pages.return?.(undefined);
        break;
      }
      for (const object of page.objects) {
        const key = objectKey(object);
        delivered.set(key, (delivered.get(key) ?? 0) + 1);
      }
      cursor = page.cursor;
      summary.pages++;
      summary.objects += page.objects.length;
      notePaging(summary, page);
      if (run.interrupt?.kind === "sigterm" && number === run.interrupt.atPage) {
        await pages.return?.(undefined);
        break;
      }
    }
    summaries.push(summary);
  }
  return { delivered, summaries, cursor };
}
