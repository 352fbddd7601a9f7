import { extractFromObject, type Page, type PageSource, type StixObject } from "@taxiway/core";

/** The synthetic feed the delivery-fault suite replays: pages of STIX indicators and the IOC keys they yield. */
export interface FaultFeed {
  pages: StixObject[][];
  /** IOC keys per page, in order. */
  keys: string[][];
  source: PageSource;
  /** Index of the page whose cursor is `cursor` (-1 for none). */
  pageOf(cursor: { added_after?: string } | undefined): number;
}

const COLLECTION = "delivery-faults";

function stamp(page: number): string {
  return new Date(Date.UTC(2026, 0, 1, 0, 0, page)).toISOString();
}

function indicator(n: number, descriptionBytes: number): StixObject {
  const at = "2026-01-01T00:00:00.000Z";
  return {
    type: "indicator",
    spec_version: "2.1",
    id: `indicator--00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`,
    created: at,
    modified: at,
    valid_from: at,
    name: `fault feed ${n}`,
    description: `indicator ${n} `.padEnd(descriptionBytes, "·"),
    pattern: `[ipv4-addr:value = '10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}']`,
    pattern_type: "stix",
  } as StixObject;
}

/**
 * `pageCount` pages of `pageSize` indicators, one IPv4 IOC each; `descriptionBytes` pads each object so file sinks
 * spill to disk in the middle of a page. Cursors are one second apart, starting at 2026-01-01T00:00:00Z.
 */
export function faultFeed(
  feed: string,
  pageCount: number,
  pageSize: number,
  descriptionBytes: number,
): FaultFeed {
  const pages = Array.from({ length: pageCount }, (_, p) =>
    Array.from({ length: pageSize }, (_, i) => indicator(p * pageSize + i, descriptionBytes)),
  );
  const keys = pages.map((objects) =>
    objects.flatMap((object) =>
      extractFromObject(object, { feed, collection: COLLECTION, markings: new Map() }).records.map(
        (r) => r.key,
      ),
    ),
  );
  const pageOf = (cursor: { added_after?: string } | undefined) =>
    cursor?.added_after === undefined ? -1 : pages.findIndex((_, p) => stamp(p) === cursor.added_after);
  const source: PageSource = {
    collection: COLLECTION,
    async *pages(start) {
      for (let p = pageOf(start) + 1; p < pages.length; p++) {
        yield {
          collection: COLLECTION,
          objects: pages[p] as StixObject[],
          cursor: { added_after: stamp(p) },
          sequence: p + 1,
          more: p < pages.length - 1,
          bytes: 0,
        } satisfies Page;
      }
    },
  };
  return { pages, keys, source, pageOf };
}
