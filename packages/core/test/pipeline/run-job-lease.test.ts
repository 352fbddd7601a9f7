import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CheckpointLease,
  type CheckpointStore,
  createLogger,
  FileCheckpointStore,
  type IocRecord,
  type JobConfig,
  type Page,
  type PageSource,
  runJob,
} from "@taxiway/core";
import { describe, expect, it } from "vitest";
import { indicator } from "./indicators.js";
import { memoryConnector } from "./memory-connector.js";

/** Three pages; `between(n)` runs after page n was handed out and before page n+1 is. */
function source(between: (page: number) => Promise<void>): PageSource {
  return {
    collection: "c",
    async *pages(): AsyncIterable<Page> {
      for (let index = 0; index < 3; index++) {
        if (index > 0) await between(index);
        yield {
          collection: "c",
          objects: [indicator(index)],
          cursor: { added_after: String(index + 1) },
          sequence: index + 1,
          more: index < 2,
          bytes: 100,
        };
      }
    },
  };
}

async function runWith(store: CheckpointStore, dir: string, between: (page: number) => Promise<void>) {
  const job: JobConfig = {
    name: "j",
    source: { type: "taxii", url: "http://unused/", collection: "c" },
    sinks: [{ type: "memory", id: "mem" }],
    dead_letter: { path: join(dir, "dead.ndjson") },
    delivery: { prefetch: 0 },
  };
  const held: IocRecord[] = [];
  const run = runJob({
    job,
    baseDir: dir,
    sources: [source(between)],
    connectors: new Map([["memory", memoryConnector(held)]]),
    store,
    logger: createLogger({ level: "silent", format: "json", destination: { write: () => {} } }),
  });
  return { run, held };
}

describe("runJob holds a lease, not a lock", () => {
  it("a worker whose lease was taken over mid-run stops before its next commit with LEASE_LOST; the checkpoint keeps the taker's view", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-lease-"));
    const store = new FileCheckpointStore(join(dir, "state.json"));
    const { run } = await runWith(store, dir, async (page) => {
      if (page !== 1) return;
      // Another worker took the job over (this one's lease expired while it was stalled).
      await writeFile(
        `${store.path}.lock`,
        JSON.stringify({
          pid: 1,
          host: "elsewhere",
          started_at: "x",
          owner: "elsewhere:1:abcd",
          expires_at: "2999-01-01T00:00:00.000Z",
        }),
      );
    });
    const error = await run.catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "LEASE_LOST", retryable: false });
    expect((error as { summary?: { status: string } }).summary?.status).toBe("failed");
    const saved = JSON.parse(await readFile(store.path, "utf8"));
    expect(saved.revision).toBe(1);
    expect(saved.collections.c.added_after).toBe("1");
    // The taker's lease is left alone.
    expect(JSON.parse(await readFile(`${store.path}.lock`, "utf8")).owner).toBe("elsewhere:1:abcd");
  });

  it("a renewal that finds the lease lost stops the run before the next commit, even when the store would accept it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-lease-"));
    const file = new FileCheckpointStore(join(dir, "state.json"));
    let renewals = 0;
    let lost = false;
    const commits: number[] = [];
    // A store whose commits would still go through: only the renewal knows the lease is gone.
    const store: CheckpointStore = {
      location: file.location,
      load: (job) => file.load(job),
      commit: async (job, next, expected) => {
        const done = await file.commit(job, next, expected);
        commits.push(done.revision);
        return done;
      },
      reset: (job) => file.reset(job),
      lock: async (): Promise<CheckpointLease> => ({
        owner: `${hostname()}:${process.pid}:test`,
        expiresAt: undefined,
        ttlMs: 1_000,
        renew: async () => {
          renewals++;
          if (lost) {
            const { LeaseLostError } = await import("@taxiway/core");
            throw new LeaseLostError("taken over", { holder: { owner: "other:2:beef" } });
          }
        },
        release: async () => {},
      }),
    };
    const { run } = await runWith(store, dir, async (page) => {
      if (page !== 1) return;
      lost = true;
      // Wait (counting renewals, not time) until the renewal timer has met the lost lease.
      const seen = renewals;
      while (renewals === seen) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    await expect(run).rejects.toMatchObject({ code: "LEASE_LOST" });
    expect(commits).toEqual([1]);
  });
});
