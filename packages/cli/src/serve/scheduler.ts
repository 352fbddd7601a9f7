import { sleep } from "@taxiway/core";
import type { JobTable, RunOutcome } from "./job-table.js";

/** Time as the scheduler sees it; tests pass a virtual clock. `sleep` rejects when `signal` aborts. */
export interface SchedulerClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: SchedulerClock = { now: Date.now, sleep };

/** The longest single wait: timers past 2^31 ms overflow, and a long sleep re-reads the table on waking anyway. */
const MAX_WAIT_MS = 3_600_000;

export interface SchedulerOptions<T> {
  table: JobTable<T>;
  /** Runs one task to its end; `signal` aborts when serve drains. A throw counts as `failed`. */
  execute(id: string, payload: T, signal: AbortSignal): Promise<RunOutcome>;
  /** After the table recorded the outcome (metrics, logs). */
  onFinished?(id: string, outcome: RunOutcome): void;
  clock?: SchedulerClock;
}

/**
 * Drives a JobTable in real (or virtual) time: starts what falls due, sleeps until the next due time, wakes early
 * when a run ends or `poke()` says the set changed. `run(stop)` resolves once `stop` has aborted and every running
 * task has ended (runs see `stop` and drain their page in flight).
 */
export class Scheduler<T> {
  readonly #options: SchedulerOptions<T>;
  readonly #clock: SchedulerClock;
  readonly #inflight = new Map<string, Promise<void>>();
  #dirty = false;
  #waker = new AbortController();

  constructor(options: SchedulerOptions<T>) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** Look at the table again now (a task was added, changed or removed). */
  poke(): void {
    this.#dirty = true;
    this.#waker.abort();
  }

  /** Tasks running right now. */
  get inflight(): number {
    return this.#inflight.size;
  }

  async run(stop: AbortSignal): Promise<void> {
    const { table } = this.#options;
    while (!stop.aborted) {
      this.#dirty = false;
      for (const { id, payload } of table.take(this.#clock.now())) this.#start(id, payload, stop);
      if (this.#dirty) continue;
      this.#waker = new AbortController();
      const at = table.wakeAt();
      const wait =
        at === undefined ? MAX_WAIT_MS : Math.min(MAX_WAIT_MS, Math.max(0, at - this.#clock.now()));
      if (wait === 0) continue;
      await this.#clock.sleep(wait, AbortSignal.any([stop, this.#waker.signal])).catch(() => undefined);
    }
    await Promise.all(this.#inflight.values());
  }

  #start(id: string, payload: T, stop: AbortSignal): void {
    const done = this.#options
      .execute(id, payload, stop)
      .catch((): RunOutcome => ({ kind: "failed" }))
      .then((outcome) => {
        this.#inflight.delete(id);
        this.#options.table.finish(id, outcome, this.#clock.now());
        this.#options.onFinished?.(id, outcome);
        this.poke();
      });
    this.#inflight.set(id, done);
  }
}
