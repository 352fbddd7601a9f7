import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CollectionCursor, createLogger } from "@taxiway/core";
import type { SourceConformanceOptions } from "./options.js";
import { type ReadPage, readAll } from "./read-all.js";

function spread(count: number, wanted: number): number[] {
  if (count <= wanted) return [...Array(count).keys()];
  return [...new Set([...Array(wanted).keys()].map((i) => Math.round((i * (count - 1)) / (wanted - 1))))];
}

/**
 * The source contract (DESIGN.md, Contracts: `Source`) as named vitest cases, for any SourceDescriptor: pages are
 * bounded by the page size; a restart from any committed cursor delivers exactly the rest of the first run (no
 * object lost, none repeated); a restart after the last page delivers nothing.
 *
 * ```ts
 * await runSourceConformance({ name: "stix-bundle", open: (ctx) => stixBundleSource.open(config, { ...ctx, baseDir }), pageSize: 10, minObjects: 35 });
 * ```
 */
export async function runSourceConformance(options: SourceConformanceOptions): Promise<void> {
  const { afterAll, describe, expect, it } = await import("vitest");
  const dirs: string[] = [];
  const logger = createLogger({ level: "silent", format: "json" });
  const fresh = async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-source-conformance-"));
    dirs.push(dir);
    return { seenIndexPath: join(dir, "seen.sqlite"), logger, job: "conformance" };
  };
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  const keysAfter = (pages: readonly ReadPage[], index: number) =>
    pages.slice(index + 1).flatMap((p) => p.keys);

  describe(`source conformance: ${options.name}`, () => {
    it("delivers the source's objects in pages no larger than page_size", async () => {
      const read = await readAll(await options.open(await fresh()));
      const pages = [...read.values()].flat();
      const total = pages.reduce((sum, page) => sum + page.size, 0);
      expect(total).toBeGreaterThanOrEqual(options.minObjects);
      expect(total).toBeGreaterThanOrEqual(options.pageSize * 2);
      for (const page of pages) expect(page.size).toBeLessThanOrEqual(options.pageSize);
    });

    it("resumes exactly after any committed page: the rest of the first run, nothing lost, nothing repeated", async () => {
      const context = await fresh();
      const first = await readAll(await options.open(context));
      for (const [stream, pages] of first) {
        // Later commits first: each restart rolls the source's own state back to the cursor it is given.
        for (const index of spread(pages.length, options.restarts ?? 4).reverse()) {
          const cursor = (pages[index] as ReadPage).cursor;
          const again = await readAll(await options.open(context), new Map([[stream, cursor]]));
          expect(
            again.get(stream)?.flatMap((p) => p.keys) ?? [],
            `${stream} after page ${index + 1}`,
          ).toEqual(keysAfter(pages, index));
        }
      }
    });

    it("re-delivers no committed page: a restart after the last page delivers nothing", async () => {
      const context = await fresh();
      const first = await readAll(await options.open(context));
      const lastCursors = new Map<string, CollectionCursor>(
        [...first].flatMap(([stream, pages]) =>
          pages.length > 0 ? [[stream, (pages.at(-1) as ReadPage).cursor]] : [],
        ),
      );
      const again = await readAll(await options.open(context), lastCursors);
      expect([...again.values()].flat().flatMap((p) => p.keys)).toEqual([]);
    });
  });
}
