// delivery.commit_every: the sinks are flushed and the checkpoint committed once per group of pages (or interval),
// always at the end of a collection; a failed run leaves the checkpoint at the last group, so the next run
// re-delivers at most the uncommitted pages.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  allDelivered,
  type CheckpointDocument,
  type ConnectorDescriptor,
  createLogger,
  FileCheckpointStore,
  type IocRecord,
  type JobConfig,
  type Page,
  type PageSource,
  runJob,
} from "@taxiway/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { indicator } from "./indicators.js";
import { memoryConnector } from "./memory-connector.js";

const PAGE = 3;

/** `count` pages of PAGE indicators; the cursor after page N (1-based) is `added_after: N`. */
function source(count: number): PageSource {
  return {
    collection: "c",
    async *pages(start): AsyncIterable<Page> {
      const from = start.added_after ? Number(start.added_after) : 0;
      for (let index = from; index < count; index++)
        yield {
          collection: "c",
          objects: Array.from({ length: PAGE }, (_, k) => indicator(index * PAGE + k)),
          cursor: { added_after: String(index + 1) },
          sequence: index - from + 1,
          more: index + 1 < count,
          bytes: 100,
        };
    },
  };
}

/** A sink that holds what it is given, counts flushes, and fails for good once `failAt` records were written. */
function memorySink(
  held: IocRecord[],
  log: string[],
  failAt = Number.POSITIVE_INFINITY,
): ConnectorDescriptor {
  let written = 0;
  return memoryConnector(held, {
    write: async (records: readonly IocRecord[]) => {
      if (written + records.length > failAt) throw new Error("the disk went away");
      written += records.length;
      held.push(...records);
      return allDelivered(records.length);
    },
    flush: async () => {
      log.push(`flush ${held.length}`);
      return { held: held.length };
    },
  });
}

/** A file store that logs each page commit as `commit <cursor> <records the sink had flushed>`. */
class LoggingStore extends FileCheckpointStore {
  constructor(
    path: string,
    private readonly log: string[],
  ) {
    super(path);
  }
  override async commit(
    job: string,
    next: Omit<CheckpointDocument, "revision" | "updated_at" | "format" | "job">,
    expected: number,
  ): Promise<CheckpointDocument> {
    const held = (next.sinks.mem as { held?: number } | undefined)?.held;
    const line = `commit ${next.collections.c?.added_after} ${held}`;
    // The closing commit only records the run summary (same cursor, same sink state): not a page commit.
    if (next.collections.c && line !== this.log.findLast((l) => l.startsWith("commit"))) this.log.push(line);
    return super.commit(job, next, expected);
  }
}

async function run(options: {
  pages: number;
  commitEvery?: JobConfig["delivery"] extends infer D
    ? D extends { commit_every?: infer C }
      ? C
      : never
    : never;
  held?: IocRecord[];
  failAt?: number;
  dir?: string;
  now?: () => number;
}) {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "taxiway-group-")));
  const log: string[] = [];
  const held = options.held ?? [];
  const job: JobConfig = {
    name: "g",
    source: { type: "taxii", url: "http://unused/", collection: "c" },
    sinks: [{ type: "memory", id: "mem" }],
    dead_letter: { path: join(dir, "dead.ndjson") },
    delivery: {
      retries: 0,
      prefetch: 1,
      ...(options.commitEvery ? { commit_every: options.commitEvery } : {}),
    },
  };
  const outcome = await runJob({
    job,
    baseDir: dir,
    sources: [source(options.pages)],
    connectors: new Map([["memory", memorySink(held, log, options.failAt)]]),
    store: new LoggingStore(join(dir, "state.json"), log),
    logger: createLogger({ level: "silent", format: "json", destination: { write: () => {} } }),
    sweep: false,
    backoffBaseMs: 1,
    ...(options.now ? { now: options.now } : {}),
  }).then(
    () => "ok",
    () => "failed",
  );
  return { dir, log, held, outcome, commits: log.filter((line) => line.startsWith("commit")) };
}

describe("group commit (delivery.commit_every)", () => {
  it("by default flushes and commits after every page (306 fsyncs for 100 pages came from this)", async () => {
    const { commits } = await run({ pages: 4 });
    expect(commits).toEqual(["commit 1 3", "commit 2 6", "commit 3 9", "commit 4 12"]);
  });

  it("with pages: 3, commits after pages 3 and 6 and at the end of the collection, each after the sink's flush", async () => {
    const { log } = await run({ pages: 7, commitEvery: { pages: 3 } });
    expect(log).toEqual(["flush 9", "commit 3 9", "flush 18", "commit 6 18", "flush 21", "commit 7 21"]);
  });

  it("with interval: commits once that long has passed since the last commit, whatever pages says", async () => {
    let clock = 0;
    const now = () => {
      clock += 1000; // every reading of the clock is one second later
      return clock;
    };
    const { commits } = await run({ pages: 6, commitEvery: { pages: 1000, interval: "2s" }, now });
    expect(commits.length).toBeGreaterThan(1);
    expect(commits.at(-1)).toBe("commit 6 18");
  });

  it("any page count, group size and failing record: the checkpoint only names flushed pages, and the rerun re-delivers fewer than a group's pages", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 40 }),
        async (pages, group, failAt) => {
          const held: IocRecord[] = [];
          const first = await run({ pages, commitEvery: { pages: group }, held, failAt });
          for (const line of first.commits) {
            const [, cursor, flushed] = line.split(" ");
            expect(Number(flushed)).toBe(Number(cursor) * PAGE);
          }
          const committedPages = Number(first.commits.at(-1)?.split(" ")[1] ?? 0);
          if (first.outcome === "failed") {
            expect(committedPages % group).toBe(0);
            const delivered = held.length;
            const second = await run({ pages, commitEvery: { pages: group }, held, dir: first.dir });
            expect(second.outcome).toBe("ok");
            const replayed = delivered - committedPages * PAGE;
            expect(replayed).toBeLessThan(group * PAGE);
            expect(new Set(held.map((r) => r.stix_id)).size).toBe(pages * PAGE);
          } else {
            expect(committedPages).toBe(pages);
            expect(first.commits.length).toBe(Math.ceil(pages / group));
          }
        },
      ),
      { seed: 24, numRuns: 60 },
    );
  });
});
