import type { CollectionCursor } from "../checkpoint/types.js";
import type { Logger } from "../logging/index.js";
import type { StixObject } from "../stix/types.js";
import type { Page, PageSource } from "../taxii/page.js";
import { objectKey, type SeenIndex } from "../taxii/paging/index.js";
import { type BundleState, bundleStateOf } from "./cursor.js";
import { sha256File } from "./hash.js";
import { readBundleObjects } from "./read-objects.js";

/** Where a bundle's bytes are for this run: a local file, or a downloaded copy (or "not modified"). */
export type LocatedBundle =
  | { status: "not-modified" }
  | {
      status: "ready";
      path: string;
      etag?: string;
      lastModified?: string;
      bytes: number;
      release(): Promise<void>;
    };

export interface BundleStreamOptions {
  /** The stream's checkpoint key: the path as matched (relative to the job file) or the URL. */
  key: string;
  /** Finds the bytes; given the committed state so a URL can be asked conditionally. */
  locate(state: BundleState | undefined, signal?: AbortSignal): Promise<LocatedBundle>;
  pageSize: number;
  openSeenIndex(): SeenIndex;
  logger: Logger;
}

/**
 * One bundle file or URL as a PageSource. The cursor is the content's SHA-256 and the number of objects committed:
 * the same content, complete, delivers nothing (a URL answering 304 is not even read); the same content, part-way,
 * resumes after the committed position; changed content is read again, and only object versions (`id@modified`)
 * not delivered before pass, through a seen-index that is rolled back to the committed generation on start, like the
 * TAXII seen-index (taxii/paging/seen-index.ts).
 */
export class BundleStream implements PageSource {
  readonly collection: string;

  constructor(private readonly options: BundleStreamOptions) {
    this.collection = options.key;
  }

  async *pages(start: CollectionCursor, signal?: AbortSignal): AsyncGenerator<Page> {
    const previous = bundleStateOf(start);
    const located = await this.options.locate(previous, signal);
    if (located.status === "not-modified") return;
    try {
      const sha256 = await sha256File(located.path, signal);
      if (previous?.sha256 === sha256 && previous.complete) return;
      const seen = this.options.openSeenIndex();
      try {
        await seen.rollback(start.seen_generation ?? 0);
        yield* this.read(located, sha256, previous?.sha256 === sha256 ? previous.position : 0, {
          seen,
          generation: start.seen_generation ?? 0,
          signal,
        });
      } finally {
        await seen.close();
      }
    } finally {
      await located.release();
    }
  }

  private async *read(
    located: Extract<LocatedBundle, { status: "ready" }>,
    sha256: string,
    resumeAt: number,
    run: { seen: SeenIndex; generation: number; signal?: AbortSignal },
  ): AsyncGenerator<Page> {
    const { pageSize } = this.options;
    let generation = run.generation;
    let sequence = 0;
    let position = 0;
    let held: StixObject[] = [];
    const page = async (more: boolean): Promise<Page> => {
      const fresh = await this.unseen(held, run.seen);
      generation++;
      await run.seen.add(
        fresh.map(objectKey).filter((key) => !key.startsWith("?")),
        generation,
      );
      const state: BundleState = {
        sha256,
        position,
        complete: !more,
        ...(located.etag ? { etag: located.etag } : {}),
        ...(located.lastModified ? { last_modified: located.lastModified } : {}),
      };
      held = [];
      return {
        collection: this.collection,
        objects: fresh,
        cursor: { state: { ...state }, seen_generation: generation },
        sequence: ++sequence,
        more,
        bytes: more ? 0 : located.bytes,
      };
    };
    for await (const object of readBundleObjects(located.path, run.signal)) {
      position++;
      if (position <= resumeAt) continue;
      held.push(object);
      if (held.length >= pageSize) yield await page(true);
    }
    yield await page(false);
  }

  /** The objects whose version was not delivered before (nor earlier in this page). */
  private async unseen(objects: readonly StixObject[], seen: SeenIndex): Promise<StixObject[]> {
    const known = await seen.known(objects.map(objectKey));
    const taken = new Set<string>();
    return objects.filter((object) => {
      const key = objectKey(object);
      // Not an object, or one without an id: the decoder dead-letters it; it never shadows another.
      if (key.startsWith("?")) return true;
      if (known.has(key) || taken.has(key)) return false;
      taken.add(key);
      return true;
    });
  }
}
