import type { JobConfig } from "../config/job.js";
import { parseDuration } from "../config/units.js";

/**
 * When delivered pages are made durable and committed (`delivery.commit_every`): after `pages` pages, or once
 * `interval` has passed since the last commit, whichever comes first, and always at the end of a collection and
 * when a run stops. Default: every page. A crash re-delivers at most the pages since the last commit (sinks are
 * idempotent), so a larger group trades that replay for fewer fsyncs and checkpoint writes.
 */
export class CommitSchedule {
  readonly #pages: number;
  readonly #intervalMs: number | undefined;
  readonly #now: () => number;
  #uncommitted = 0;
  #since: number;

  /** `now`: epoch ms (the runner's clock). */
  constructor(commitEvery: NonNullable<JobConfig["delivery"]>["commit_every"], now: () => number) {
    this.#pages = commitEvery?.pages ?? 1;
    this.#intervalMs = commitEvery?.interval !== undefined ? parseDuration(commitEvery.interval) : undefined;
    this.#now = now;
    this.#since = now();
  }

  /** Notes one delivered page; true when the pages delivered since the last commit are due for a commit. */
  delivered(): boolean {
    this.#uncommitted++;
    if (this.#uncommitted >= this.#pages) return true;
    return this.#intervalMs !== undefined && this.#now() - this.#since >= this.#intervalMs;
  }

  /** Pages delivered but not committed yet. */
  get uncommitted(): number {
    return this.#uncommitted;
  }

  committed(): void {
    this.#uncommitted = 0;
    this.#since = this.#now();
  }
}
