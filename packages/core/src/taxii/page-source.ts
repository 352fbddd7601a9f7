import type { CollectionCursor } from "../checkpoint/types.js";
import type { Page, PageSource } from "./page.js";
import { type PagerOptions, TaxiiPager } from "./paging/index.js";

export type TaxiiPageSourceOptions = PagerOptions;

/**
 * One collection as a PageSource: each poll is a TaxiiPager (paging/pager.ts) from the committed cursor. The
 * states, the progress rule and the cursor strategies are described there and in docs/paging.md.
 */
export class TaxiiPageSource implements PageSource {
  readonly collection: string;

  constructor(private readonly options: TaxiiPageSourceOptions) {
    this.collection = options.collection;
  }

  pages(start: CollectionCursor, signal?: AbortSignal): AsyncIterable<Page> {
    return new TaxiiPager(this.options, start).pages(signal);
  }
}
