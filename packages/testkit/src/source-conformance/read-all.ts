import type { CollectionCursor, OpenedSource, Page } from "@taxiway/core";
import { objectKey } from "@taxiway/core";

/** One stream's pages from `start`, as the runner would take them: keys of the objects and each page's cursor. */
export interface ReadPage {
  keys: string[];
  cursor: CollectionCursor;
  size: number;
}

/** Reads every page of every stream of an opened source, from the given cursors, then closes it. */
export async function readAll(
  opened: OpenedSource,
  starts: ReadonlyMap<string, CollectionCursor> = new Map(),
): Promise<Map<string, ReadPage[]>> {
  const read = new Map<string, ReadPage[]>();
  try {
    for (const source of opened.sources) {
      const pages: ReadPage[] = [];
      for await (const page of source.pages(starts.get(source.collection) ?? {}) as AsyncIterable<Page>)
        pages.push({ keys: page.objects.map(objectKey), cursor: page.cursor, size: page.objects.length });
      read.set(source.collection, pages);
    }
  } finally {
    await opened.close();
  }
  return read;
}
