import { type CollectionCursor, createTaxiiSources, type Page, type TaxiiSourceConfig } from "@taxiway/core";
import { memoryLogger } from "./logger.js";

/** One poll of the first configured collection from `start`: its pages, the object ids, and the last cursor. */
export async function pollOnce(config: TaxiiSourceConfig, start: CollectionCursor = {}) {
  const { logger } = memoryLogger();
  const { sources, close } = await createTaxiiSources(config, { logger });
  const pages: Page[] = [];
  try {
    for await (const page of (sources[0] as NonNullable<(typeof sources)[0]>).pages(start)) pages.push(page);
  } finally {
    await close();
  }
  return {
    pages,
    ids: pages.flatMap((p) => p.objects.map((o) => o.id)),
    cursor: pages.at(-1)?.cursor ?? start,
  };
}
