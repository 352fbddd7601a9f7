import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CheckpointDocument,
  createLogger,
  FileCheckpointStore,
  type IocRecord,
  type JobConfig,
  mapEach,
  type Page,
  type PageSource,
  runJob,
  type StixObject,
} from "@taxiway/core";
import { describe, expect, it } from "vitest";
import { indicator } from "./indicators.js";
import { memoryConnector } from "./memory-connector.js";

/**
 * Pages of fixed objects (cursor of page N: `added_after: N`). `yielded` counts the pages handed out so far and
 * `decoded` the pages whose objects were read (the decode stage iterates them).
 */
function countingSource(pages: unknown[][]): PageSource & { yielded: number; decoded: number } {
  class WatchedObjects extends Array<StixObject> {
    override [Symbol.iterator]() {
      source.decoded++;
      return super[Symbol.iterator]();
    }
  }
  const source = {
    collection: "c",
    yielded: 0,
    decoded: 0,
    async *pages(start: { added_after?: string }): AsyncIterable<Page> {
      for (let index = Number(start.added_after ?? 0); index < pages.length; index++) {
        source.yielded++;
        const objects = new WatchedObjects();
        for (const object of pages[index] as StixObject[]) Array.prototype.push.call(objects, object);
        yield {
          collection: "c",
          objects,
          cursor: { added_after: String(index + 1) },
          sequence: index + 1,
          more: index + 1 < pages.length,
          bytes: 1,
        };
      }
    },
  };
  return source;
}

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

async function setup(pages: unknown[][], prefetch: number) {
  const dir = await mkdtemp(join(tmpdir(), "taxiway-stages-"));
  const held: IocRecord[] = [];
  const source = countingSource(pages);
  /** Pages the source had handed out, and pages decoded, when each commit began. */
  const yieldedAtCommit: number[] = [];
  const decodedAtCommit: number[] = [];
  class WatchedStore extends FileCheckpointStore {
    override async commit(...args: Parameters<FileCheckpointStore["commit"]>): Promise<CheckpointDocument> {
      // Give the runner's read-ahead the event-loop turns an fsync would give it, then note what it had reached.
      await turns(20);
      yieldedAtCommit.push(source.yielded);
      decodedAtCommit.push(source.decoded);
      return super.commit(...args);
    }
  }
  const store = new WatchedStore(join(dir, "state.json"));
  const job: JobConfig = {
    name: "j",
    source: { type: "taxii", url: "http://unused/", collection: "c" },
    sinks: [{ type: "memory", id: "mem" }],
    dead_letter: { path: join(dir, "dead.ndjson") },
    delivery: { prefetch },
  };
  const logger = createLogger({ level: "silent", format: "json", destination: { write: () => {} } });
  const run = (signal?: AbortSignal, onPage?: () => void) =>
    runJob({
      job,
      baseDir: dir,
      sources: [source],
      connectors: new Map([["memory", memoryConnector(held)]]),
      store,
      logger,
      signal,
      onPage,
    });
  return { dir, held, store, run, yieldedAtCommit, decodedAtCommit };
}

describe("page stages", () => {
  it("decodes and extracts the next page while the page before waits on its commit (delivery.prefetch)", async () => {
    const ahead = await setup([[indicator(1)], [indicator(2)], [indicator(3)]], 1);
    await ahead.run();
    expect(ahead.held.map((r) => r.value)).toEqual(["10.0.0.1", "10.0.0.2", "10.0.0.3"]);
    // Page 1's commit began with page 2 already fetched and decoded (prepared).
    expect(ahead.yieldedAtCommit[0]).toBeGreaterThanOrEqual(2);
    expect(ahead.decodedAtCommit[0]).toBeGreaterThanOrEqual(2);

    const inOrder = await setup([[indicator(1)], [indicator(2)], [indicator(3)]], 0);
    await inOrder.run();
    expect(inOrder.yieldedAtCommit[0]).toBe(1);
    expect(inOrder.decodedAtCommit[0]).toBe(1);
  });

  it("a page prepared ahead but never delivered (the run stopped) leaves no dead letters and no counts", async () => {
    const pages = [[indicator(1)], ["junk", indicator(2)]];
    const { dir, held, run } = await setup(pages, 1);
    const controller = new AbortController();
    const stopped = await run(controller.signal, () => controller.abort());
    expect(stopped.status).toBe("stopped");
    expect(held.map((r) => r.value)).toEqual(["10.0.0.1"]);
    expect(stopped.dead_lettered.decode).toBe(0);
    expect(stopped.pages).toBe(1);
    await expect(readFile(join(dir, "dead.ndjson"), "utf8")).rejects.toMatchObject({ code: "ENOENT" });

    const resumed = await run();
    expect(resumed.dead_lettered.decode).toBe(1);
    expect(held.map((r) => r.value)).toEqual(["10.0.0.1", "10.0.0.2"]);
    const lines = (await readFile(join(dir, "dead.ndjson"), "utf8")).trim().split("\n");
    expect(lines).toHaveLength(1);
  });
});

describe("mapEach", () => {
  it("transforms items lazily, in order, and closes the source when the consumer stops early", async () => {
    let closed = false;
    const pulled: number[] = [];
    async function* numbers() {
      try {
        for (let i = 1; i <= 5; i++) {
          pulled.push(i);
          yield i;
        }
      } finally {
        closed = true;
      }
    }
    const seen: number[] = [];
    for await (const doubled of mapEach(numbers(), (n) => n * 2)) {
      seen.push(doubled);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([2, 4]);
    expect(pulled).toEqual([1, 2]);
    expect(closed).toBe(true);
  });
});
