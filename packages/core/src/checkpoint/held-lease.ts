import { LeaseLostError } from "../errors/index.js";
import type { Logger } from "../logging/index.js";
import type { CheckpointLease, CheckpointStore, CommitAuthority } from "./types.js";

/** A lease kept alive for the length of a run. */
export interface HeldLease extends CommitAuthority {
  /** Throws the LeaseLostError a renewal met, if any: call it before every commit. */
  assertHeld(): void;
  /** Renews now unless a renewal happened within the last third of the TTL (after a commit; a starved timer). */
  renewIfDue(): Promise<void>;
  /** Stops renewing and gives the lease up. */
  release(): Promise<void>;
}

/**
 * Takes the job's lease and renews it every TTL/3 (an unref'd timer) while the run goes on. A renewal that finds
 * the lease taken over is remembered and surfaces at the next `assertHeld` (before the next commit); a renewal that
 * fails for another reason (the store unreachable for a moment) is logged and retried at the next tick: the store's
 * compare-and-set still refuses a commit once another worker holds the job.
 *
 * @throws LockedError (with the holder) when another live worker holds the job.
 */
export async function holdLease(
  store: CheckpointStore,
  job: string,
  options: { logger?: Logger } = {},
): Promise<HeldLease> {
  const lease: CheckpointLease = await store.lock(job);
  let lost: LeaseLostError | undefined;
  let lastRenewal = performance.now();
  let renewing: Promise<void> | undefined;
  const renew = (): Promise<void> => {
    renewing ??= lease
      .renew()
      .then(() => {
        lastRenewal = performance.now();
      })
      .catch((error: unknown) => {
        if (error instanceof LeaseLostError) {
          lost = error;
          clearInterval(timer);
        } else options.logger?.warn({ job, err: (error as Error).message }, "lease renewal failed; retrying");
      })
      .finally(() => {
        renewing = undefined;
      });
    return renewing;
  };
  const timer = setInterval(() => void renew(), Math.max(50, Math.floor(lease.ttlMs / 3)));
  timer.unref();
  return {
    owner: lease.owner,
    assertHeld() {
      if (lost) throw lost;
    },
    async renewIfDue() {
      if (lost || performance.now() - lastRenewal < lease.ttlMs / 3) return;
      await renew();
    },
    async release() {
      clearInterval(timer);
      await renewing;
      await lease.release();
    },
  };
}
