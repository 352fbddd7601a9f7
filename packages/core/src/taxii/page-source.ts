import type { CollectionCursor } from "../checkpoint/types.js";
import type { Logger } from "../logging/index.js";
import type { StixObject } from "../stix/types.js";
import type { TaxiiClient } from "./client.js";
import { TaxiiHttpError, TaxiiProtocolError } from "./errors.js";
import type { Page, PageSource } from "./page.js";
import { compareTimestamps, justBefore, parseTimestamp } from "./timestamps.js";

export interface TaxiiPageSourceOptions {
  client: TaxiiClient;
  /** Collection as configured (id, alias or title): the checkpoint key. */
  collection: string;
  collectionUrl: string;
  pageSize: number;
  pagination: "auto" | "next" | "header";
  match?: Record<string, string[] | undefined>;
  logger: Logger;
  /** Largest `limit` tried when many objects share one date_added (header-cursor paging). */
  maxPageSize?: number;
}

/** `id@version`: what identifies an object delivered at the boundary timestamp. */
function objectVersionId(object: StixObject): string {
  if (typeof object !== "object" || object === null) return "?";
  const version = typeof object.modified === "string" ? object.modified : (object.created ?? "");
  return `${typeof object.id === "string" ? object.id : "?"}@${version}`;
}

/** 400, 404 or 410 to a request carrying `next`: the token expired or was never the server's. */
function isStaleTokenError(error: unknown): boolean {
  return (
    error instanceof TaxiiHttpError && (error.status === 400 || error.status === 404 || error.status === 410)
  );
}

function normalizeHeader(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  return parseTimestamp(trimmed) ? trimmed : undefined;
}

/**
 * Pages through one collection. Within a poll it follows `next`; across polls, and whenever `next` is missing
 * or repeats, it feeds X-TAXII-Date-Added-Last back as `added_after`. The ids delivered at that boundary
 * timestamp are kept in the cursor, so the re-query can include the boundary (overlap) and drop repeats:
 * nothing skipped when many objects share one date_added, nothing doubled.
 */
export class TaxiiPageSource implements PageSource {
  readonly collection: string;

  constructor(private readonly options: TaxiiPageSourceOptions) {
    this.collection = options.collection;
  }

  async *pages(start: CollectionCursor, signal?: AbortSignal): AsyncIterable<Page> {
    const { client, collectionUrl, logger } = this.options;
    let addedAfter = start.added_after;
    let boundary: string[] = start.boundary_ids ?? [];
    // Repeats can only come first in a chain that started at the boundary (pages are in date_added order):
    // drop them until a page has none, and do no per-object lookups otherwise.
    let dropping = false;
    let next: string | undefined;
    let limit = this.options.pageSize;
    const maxLimit = this.options.maxPageSize ?? Math.max(this.options.pageSize * 16, 10_000);
    const seenTokens = new Set<string>();
    let warnedNoHeaders = false;
    let chainAddedAfter: string | undefined;

    for (let sequence = 1; ; sequence++) {
      if (signal?.aborted) return;
      // A `next` token is only valid with the query that started its chain (medallion checks), so the
      // chain keeps its original added_after; a new chain starts from the cursor, overlapping the boundary.
      if (next === undefined) {
        const overlap = addedAfter !== undefined && boundary.length > 0;
        dropping = overlap;
        chainAddedAfter =
          addedAfter === undefined ? undefined : overlap ? justBefore(addedAfter) : addedAfter;
      }
      const query = { added_after: chainAddedAfter, limit, next, match: this.options.match };
      const answer = await client.objects(collectionUrl, query).catch((error: unknown) => {
        // A `next` token the server no longer knows (medallion's expire 30 s after they are made; a slow sink is
        // enough) is no reason to fail: the header cursor says where the chain was, so a new chain starts there.
        if (!(next !== undefined && addedAfter !== undefined && isStaleTokenError(error))) throw error;
        logger.warn(
          { collection: this.collection, status: (error as TaxiiHttpError).status, added_after: addedAfter },
          "the server no longer accepts the next token (expired?): continuing from X-TAXII-Date-Added-Last",
        );
        return undefined;
      });
      if (answer === undefined) {
        next = undefined;
        sequence--;
        continue;
      }
      const { body, headers, bytes } = answer;
      let fresh = body.objects;
      if (dropping) {
        const delivered = new Set(boundary);
        fresh = body.objects.filter((object) => !delivered.has(objectVersionId(object)));
        if (fresh.length === body.objects.length) dropping = false;
      }
      const first = normalizeHeader(headers["x-taxii-date-added-first"]);
      const last = normalizeHeader(headers["x-taxii-date-added-last"]);
      const previous = addedAfter;

      if (last && body.objects.length > 0) {
        const ids = body.objects.map(objectVersionId);
        boundary =
          previous !== undefined && compareTimestamps(last, previous) === 0
            ? [...new Set([...boundary, ...ids])]
            : ids;
        addedAfter = last;
      } else if (body.objects.length > 0 && !warnedNoHeaders) {
        warnedNoHeaders = true;
        logger.warn(
          { collection: this.collection },
          "the server sends no X-TAXII-Date-Added-Last header: the cursor cannot move across polls, so the next poll starts over (sinks deduplicate)",
        );
      }

      const token = body.more && this.options.pagination !== "header" ? body.next : undefined;
      let more = false;
      if (body.more) {
        // medallion hands out one token that stays the same on every page: a repeat is fine while pages
        // bring new objects, and only a repeat without progress falls back to the header cursor.
        if (token && (!seenTokens.has(token) || fresh.length > 0)) {
          seenTokens.add(token);
          next = token;
          more = true;
        } else {
          next = undefined;
          const progressed =
            fresh.length > 0 ||
            (last !== undefined && previous !== undefined && compareTimestamps(last, previous) > 0);
          if (progressed && addedAfter !== undefined) {
            more = true;
          } else if (body.objects.length > 0 && limit < maxLimit) {
            // Every object of the page sits at the boundary timestamp: ask for a bigger page to get past it.
            limit = Math.min(limit * 2, maxLimit);
            more = true;
          } else {
            throw new TaxiiProtocolError(
              `${collectionUrl} says more objects follow but gives no usable way to reach them (${token ? "the same next token again" : "no next token"}, ${last ? "X-TAXII-Date-Added-Last did not move" : "no X-TAXII-Date-Added-Last header"}); stopping instead of looping`,
              { collection: this.collection, added_after: addedAfter, limit },
            );
          }
        }
      }

      const cursor: CollectionCursor = {
        ...(addedAfter !== undefined ? { added_after: addedAfter } : {}),
        ...(boundary.length > 0 ? { boundary_ids: boundary } : {}),
      };
      yield {
        collection: this.collection,
        objects: fresh,
        cursor,
        sequence,
        more,
        bytes,
        ...(first ? { dateAddedFirst: first } : {}),
        ...(last ? { dateAddedLast: last } : {}),
      };
      if (!more) return;
    }
  }
}
