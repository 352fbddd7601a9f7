import type { CollectionCursor } from "../checkpoint/types.js";
import type { StixObject } from "../stix/types.js";

/** How a collection's cursor is kept: X-TAXII-Date-Added-Last, date_added from the manifest, or a seen-index. */
export type CursorStrategy = "header" | "manifest" | "seen-index";

/** A server habit the pager met on a page, reported in the summary and the log (once per kind and poll). */
export interface PagerNotice {
  kind:
    | "header-absent"
    | "header-garbage"
    | "header-backwards"
    | "added-after-ignored"
    | "token-expired"
    | "more-on-empty";
  message: string;
}

/** One unit of progress: the objects of one response and the cursor to commit once they are delivered. */
export interface Page {
  /** Collection as configured. */
  collection: string;
  objects: StixObject[];
  /** date_added per object id, when the server told (manifest or headers); used for boundary bookkeeping. */
  dateAdded?: ReadonlyMap<string, string>;
  /** Commit this after every sink has acknowledged the page. */
  cursor: CollectionCursor;
  /** Page number within this poll, from 1. */
  sequence: number;
  /** True when the server said more pages follow. */
  more: boolean;
  /** X-TAXII-Date-Added-First / -Last of this page, normalized. */
  dateAddedFirst?: string;
  dateAddedLast?: string;
  /** Bytes of the response body, for metrics. */
  bytes: number;
  /** The cursor strategy in use after this page. */
  strategy?: CursorStrategy;
  /** Set on the last page of a poll that could not go on: why (the summary counts it as `stalled`). */
  stalled?: string;
  /** Server habits met while reading this page. */
  notices?: PagerNotice[];
}

/** Where TAXII objects come from, for one collection. The runner iterates its pages. */
export interface PageSource {
  readonly collection: string;
  pages(start: CollectionCursor, signal?: AbortSignal): AsyncIterable<Page>;
}
