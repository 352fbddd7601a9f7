import type { CollectionCursor } from "../checkpoint/types.js";
import type { StixObject } from "../stix/types.js";

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
}

/** Where TAXII objects come from, for one collection. The runner iterates its pages. */
export interface PageSource {
  readonly collection: string;
  pages(start: CollectionCursor, signal?: AbortSignal): AsyncIterable<Page>;
}
