import { randomBytes } from "node:crypto";
import type { CheckpointLease, CheckpointStore, CheckpointUpdate, SeenIndex } from "@taxiway/core";

export interface CheckpointContractOptions {
  /** Names the describe block (`file`, `postgres`, …). */
  name: string;
  /**
   * A store instance as one worker would open it; called several times per test (several workers on one store).
   * `job` is unique per test; `leaseTtlMs` is the TTL the test wants (short ones for expiry and takeover).
   */
  open(job: string, options: { leaseTtlMs: number }): CheckpointStore;
  /** True when the store refuses seen-index writes of a worker that lost the lease (the shared stores). */
  seenIndexGuarded?: boolean;
  /** The short TTL of the expiry tests (default 1 000 ms, the least `checkpoint.lease_ttl` takes). */
  shortTtlMs?: number;
  /** Skip reason (the store's peer is not installed): every case is registered as skipped with it. */
  skip?: () => string | undefined;
}

const state = (cursor: string): CheckpointUpdate => ({
  collections: { c1: { added_after: cursor, boundary_ids: [`indicator--1@${cursor}`] } },
  sinks: { "csv-0": { offset: 42 } },
});

const uniqueJob = (what: string) => `contract-${what}-${randomBytes(3).toString("hex")}`;

/** Takes the lease on `job` from `store`, retrying on LOCKED until the previous holder's lease has expired. */
async function takeOverWhenExpired(store: CheckpointStore, job: string): Promise<CheckpointLease> {
  for (;;) {
    try {
      return await store.lock(job);
    } catch (error) {
      if ((error as { code?: string }).code !== "LOCKED") throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * The CheckpointStore contract as named vitest cases, for our stores and third-party ones: compare-and-set commits,
 * conflicts, leases (acquire, renew, expiry, takeover, release), a taken-over worker that cannot commit, reset, and
 * the seen-index. Call it at the top level of a vitest file.
 */
export async function runCheckpointStoreContract(options: CheckpointContractOptions): Promise<void> {
  const { afterAll, describe, expect, it } = await import("vitest");
  const shortTtl = options.shortTtlMs ?? 1_000;
  const opened: CheckpointStore[] = [];
  const open = (job: string, leaseTtlMs = 30_000) => {
    const store = options.open(job, { leaseTtlMs });
    opened.push(store);
    return store;
  };
  const test = (title: string, body: () => Promise<void>) =>
    it(title, async (context) => {
      const skip = options.skip?.();
      if (skip) {
        context.skip(skip);
        return;
      }
      await body();
    });

  describe(`CheckpointStore contract: ${options.name}`, () => {
    afterAll(async () => {
      for (const store of opened.splice(0)) await store.close?.();
    });

    test("load of a job never committed is undefined; commit is compare-and-set on the revision", async () => {
      const job = uniqueJob("cas");
      const store = open(job);
      expect(await store.load(job)).toBeUndefined();
      const first = await store.commit(job, state("2026-01-01T00:00:00.000Z"), 0);
      expect(first.revision).toBe(1);
      const second = await store.commit(job, state("2026-01-02T00:00:00.000Z"), 1);
      expect(second.revision).toBe(2);
      const loaded = await store.load(job);
      expect(loaded?.revision).toBe(2);
      expect(loaded?.job).toBe(job);
      expect(loaded?.collections.c1?.added_after).toBe("2026-01-02T00:00:00.000Z");
      expect(loaded?.sinks["csv-0"]).toEqual({ offset: 42 });
    });

    test("a stale expected revision is a CHECKPOINT_CONFLICT (not retryable), and the state stays", async () => {
      const job = uniqueJob("conflict");
      const a = open(job);
      const b = open(job);
      await a.commit(job, state("2026-01-01T00:00:00.000Z"), 0);
      const refused = await b
        .commit(job, state("2026-02-01T00:00:00.000Z"), 0)
        .catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: "CHECKPOINT_CONFLICT", retryable: false });
      expect((await b.load(job))?.collections.c1?.added_after).toBe("2026-01-01T00:00:00.000Z");
    });

    test("a live lease refuses a second worker with LOCKED naming the holder (owner, expires_at)", async () => {
      const job = uniqueJob("lease");
      const a = open(job);
      const b = open(job);
      const lease = await a.lock(job);
      expect(lease.owner).toMatch(/.+:\d+:[0-9a-f]+$/);
      const refused = await b.lock(job).catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: "LOCKED", retryable: false });
      expect((refused as { holder?: { owner: string; expires_at?: string } }).holder?.owner).toBe(
        lease.owner,
      );
      expect(Date.parse((refused as { holder: { expires_at: string } }).holder.expires_at)).not.toBeNaN();
      await lease.release();
    });

    test("renew extends the lease; the holder commits with it", async () => {
      const job = uniqueJob("renew");
      const store = open(job);
      const lease = await store.lock(job);
      const before = Date.parse(lease.expiresAt ?? "");
      await lease.renew();
      expect(Date.parse(lease.expiresAt ?? "")).toBeGreaterThanOrEqual(before);
      const committed = await store.commit(job, state("2026-01-01T00:00:00.000Z"), 0, lease);
      expect(committed.revision).toBe(1);
      await lease.release();
    });

    test("release frees the job at once for another worker", async () => {
      const job = uniqueJob("release");
      const a = open(job);
      const b = open(job);
      const first = await a.lock(job);
      await first.release();
      await first.release();
      const second = await b.lock(job);
      expect(second.owner).not.toBe(first.owner);
      await second.release();
    });

    test("an expired lease is taken over; the old holder can neither commit, renew, nor release the new lease", async () => {
      const job = uniqueJob("takeover");
      const a = open(job, shortTtl);
      const b = open(job);
      const old = await a.lock(job);
      await a.commit(job, state("2026-01-01T00:00:00.000Z"), 0, old);
      const taken = await takeOverWhenExpired(b, job);
      expect(taken.owner).not.toBe(old.owner);
      const commit = await a.commit(job, state("2026-03-01T00:00:00.000Z"), 1, old).catch((e: unknown) => e);
      expect(commit).toMatchObject({ code: "LEASE_LOST", retryable: false });
      await expect(old.renew()).rejects.toMatchObject({ code: "LEASE_LOST" });
      await old.release();
      const third = await open(job)
        .lock(job)
        .catch((error: unknown) => error);
      expect(third).toMatchObject({ code: "LOCKED" });
      expect((await b.load(job))?.revision).toBe(1);
      const next = await b.commit(job, state("2026-02-01T00:00:00.000Z"), 1, taken);
      expect(next.revision).toBe(2);
      await taken.release();
    });

    test("reset forgets the state: load is undefined and the next commit starts at revision 1", async () => {
      const job = uniqueJob("reset");
      const store = open(job);
      const lease = await store.lock(job);
      await store.commit(job, state("2026-01-01T00:00:00.000Z"), 0, lease);
      await store.commit(job, state("2026-01-02T00:00:00.000Z"), 1, lease);
      await store.reset(job);
      expect(await store.load(job)).toBeUndefined();
      expect((await store.commit(job, state("2026-01-03T00:00:00.000Z"), 0, lease)).revision).toBe(1);
      await lease.release();
    });

    test("the seen-index knows what was added per collection, rolls back uncommitted generations, and survives a reopen", async () => {
      const job = uniqueJob("seen");
      const store = open(job);
      if (!store.seenIndex) return;
      const lease = await store.lock(job);
      const seen = store.seenIndex(job, "c1");
      const other = store.seenIndex(job, "c2");
      const keys = Array.from({ length: 1500 }, (_, n) => `indicator--${n}@2026-01-01T00:00:00.000Z`);
      await seen.add(keys.slice(0, 1200), 1);
      await seen.add(keys.slice(1200), 2);
      expect((await seen.known([...keys, "new@1"])).size).toBe(1500);
      expect((await other.known(keys)).size).toBe(0);
      await seen.rollback(1);
      expect((await seen.known(keys)).size).toBe(1200);
      expect(await seen.size()).toBe(1200);
      await seen.close();
      const again = open(job).seenIndex?.(job, "c1");
      expect((await again?.known(keys))?.size).toBe(1200);
      await again?.close();
      await other.close();
      await lease.release();
    });

    /** Where the lease holder's seen-index comes from: its own store, or another instance told the owner (the source worker's). */
    const guardedSeenIndexes: Array<
      [string, (holder: CheckpointStore, owner: string, job: string) => SeenIndex | undefined]
    > = [
      [
        "a worker whose lease was taken over cannot add to the seen-index",
        (holder, _owner, job) => holder.seenIndex?.(job, "c1"),
      ],
      [
        "a seen-index opened by another store instance for the lease holder (the source worker's) is guarded the same way",
        (_holder, owner, job) => open(job).seenIndex?.(job, "c1", () => owner),
      ],
    ];
    if (options.seenIndexGuarded)
      for (const [label, seenIndexOf] of guardedSeenIndexes)
        test(label, async () => {
          const job = uniqueJob("seen-lost");
          const holder = open(job, shortTtl);
          const lease = await holder.lock(job);
          const seen = seenIndexOf(holder, lease.owner, job);
          await seen?.add(["indicator--a@1"], 1);
          const taken = await takeOverWhenExpired(open(job), job);
          await expect(seen?.add(["indicator--b@1"], 2)).rejects.toMatchObject({ code: "LEASE_LOST" });
          expect((await seen?.known(["indicator--a@1", "indicator--b@1"]))?.size).toBe(1);
          await lease.release();
          await taken.release();
        });
  });
}
