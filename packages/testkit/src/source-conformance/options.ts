import type { OpenedSource, SourceContext } from "@taxiway/core";

export interface SourceConformanceOptions {
  /** Names the suite (`source conformance: stix-bundle`). */
  name: string;
  /**
   * Opens the source under test afresh, as a new process would: a new descriptor `open` with this context (the kit
   * gives each scenario its own seen-index file and base directory).
   */
  open(context: Pick<SourceContext, "seenIndexPath" | "logger" | "job">): Promise<OpenedSource>;
  /** The page size the config sets: no page may hold more objects. */
  pageSize: number;
  /** At least this many objects on a first full read (so the kit cannot pass on an empty source), and at least two pages' worth. */
  minObjects: number;
  /** Restarts tried from committed cursors (chosen spread over the run, first and last included). Default 4. */
  restarts?: number;
}
