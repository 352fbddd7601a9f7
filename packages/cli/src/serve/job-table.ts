import type { JobSchedule } from "@taxiway/core";
import { nextPollDelay } from "../commands/watch-delay.js";

/**
 * How a run ended, for scheduling: `ok` (partial included: the run completed), `failed` (backs off), `held`
 * (another worker holds the job's lock or lease: not a failure, skipped until its next regular time).
 */
export type RunOutcome = { kind: "ok" } | { kind: "failed" } | { kind: "held"; holder?: string };

/** One schedulable task: a job's runs, or its expiry sweeps. */
export interface TaskSpec<T> {
  /** What the executor receives. */
  payload: T;
  schedule: JobSchedule;
  /** Tasks of one group never run at the same time (a job's runs and its sweeps share the job's lock). */
  group: string;
  /** Equal fingerprints mean an unchanged task on reload. */
  fingerprint: string;
  /** Share of an interval added at random after each run, so replicas started together drift apart. */
  jitter?: number;
}

/** Where a task stands; read-only view for metrics and tests. */
export interface TaskState<T> {
  readonly id: string;
  readonly spec: TaskSpec<T>;
  /** Epoch ms at which it falls due. */
  readonly nextDue: number;
  readonly running: boolean;
  /** Consecutive failed runs (0 after a success or a run held elsewhere). */
  readonly failures: number;
  readonly lastOutcome?: RunOutcome;
}

interface Entry<T> {
  id: string;
  spec: TaskSpec<T>;
  nextDue: number;
  running: boolean;
  failures: number;
  lastOutcome?: RunOutcome;
  /** A changed spec waiting for the running run to end. */
  pending?: TaskSpec<T>;
  /** Removed while running: dropped when the run ends. */
  removed: boolean;
}

export type UpsertResult = "added" | "changed" | "unchanged";

/**
 * The scheduling state of `taxiway serve`, without time or I/O of its own (a pure state machine; the Scheduler
 * drives it). Rules:
 * - at most `concurrency` tasks run at once, and at most one task of a group;
 * - due tasks start most overdue first (ties by id), so every due task eventually starts while runs end;
 * - after a run: `ok`/`held` → the schedule's next time; `failed` → backoff doubling per consecutive failure
 *   (watch's `nextPollDelay`: the period, 2×, 4×… up to an hour, or the period when longer);
 * - a changed task starts over on its new schedule once its running run has ended; a removed one is dropped then.
 * Not p-limit: a task waiting in p-limit's queue could not be withdrawn when a reload removes or changes it.
 */
export class JobTable<T> {
  readonly #entries = new Map<string, Entry<T>>();

  constructor(
    readonly concurrency: number,
    private readonly random: () => number = Math.random,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError(`concurrency must be a whole number ≥ 1, not ${concurrency}`);
  }

  /** Adds a task, or replaces one whose fingerprint changed (after its running run, if any). */
  upsert(id: string, spec: TaskSpec<T>, now: number): UpsertResult {
    const entry = this.#entries.get(id);
    if (!entry) {
      this.#entries.set(id, this.#fresh(id, spec, now));
      return "added";
    }
    const wasRemoved = entry.removed;
    entry.removed = false;
    const current = entry.pending ?? entry.spec;
    if (!wasRemoved && current.fingerprint === spec.fingerprint) return "unchanged";
    if (!entry.running) this.#entries.set(id, this.#fresh(id, spec, now));
    else entry.pending = spec.fingerprint === entry.spec.fingerprint ? undefined : spec;
    return wasRemoved ? "added" : "changed";
  }

  /** Removes a task; a running one finishes its run first. Returns whether it existed. */
  remove(id: string): boolean {
    const entry = this.#entries.get(id);
    if (!entry || entry.removed) return false;
    if (entry.running) {
      entry.removed = true;
      entry.pending = undefined;
    } else this.#entries.delete(id);
    return true;
  }

  /** Ids of the tasks the table keeps (removed-while-running ones excluded). */
  ids(): string[] {
    return [...this.#entries.values()].filter((entry) => !entry.removed).map((entry) => entry.id);
  }

  get(id: string): TaskState<T> | undefined {
    const entry = this.#entries.get(id);
    return entry && !entry.removed ? entry : undefined;
  }

  get running(): number {
    let count = 0;
    for (const entry of this.#entries.values()) if (entry.running) count++;
    return count;
  }

  /** Marks the tasks that start now as running and returns them, most overdue first, within the bounds. */
  take(now: number): Array<{ id: string; payload: T }> {
    const busyGroups = new Set<string>();
    for (const entry of this.#entries.values()) if (entry.running) busyGroups.add(entry.spec.group);
    let free = this.concurrency - this.running;
    const due = [...this.#entries.values()]
      .filter((entry) => !entry.running && !entry.removed && entry.nextDue <= now)
      .sort((a, b) => a.nextDue - b.nextDue || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const started: Array<{ id: string; payload: T }> = [];
    for (const entry of due) {
      if (free <= 0) break;
      if (busyGroups.has(entry.spec.group)) continue;
      entry.running = true;
      busyGroups.add(entry.spec.group);
      free--;
      started.push({ id: entry.id, payload: entry.spec.payload });
    }
    return started;
  }

  /** Records how a run ended at `now` and sets the task's next due time (or applies a change, or drops it). */
  finish(id: string, outcome: RunOutcome, now: number): void {
    const entry = this.#entries.get(id);
    if (!entry?.running) throw new Error(`task '${id}' is not running`);
    entry.running = false;
    if (entry.removed) {
      this.#entries.delete(id);
      return;
    }
    if (entry.pending) {
      const fresh = this.#fresh(id, entry.pending, now);
      this.#entries.set(id, { ...fresh, lastOutcome: outcome });
      return;
    }
    entry.lastOutcome = outcome;
    entry.failures = outcome.kind === "failed" ? entry.failures + 1 : 0;
    entry.nextDue = this.#nextDue(entry, now);
  }

  /**
   * When the driver should look again: the earliest due time of a task that could start (epoch ms; it may be in
   * the past), or undefined when nothing can start until a run ends or the set changes.
   */
  wakeAt(): number | undefined {
    if (this.running >= this.concurrency) return undefined;
    const busyGroups = new Set<string>();
    for (const entry of this.#entries.values()) if (entry.running) busyGroups.add(entry.spec.group);
    let earliest: number | undefined;
    for (const entry of this.#entries.values()) {
      if (entry.running || entry.removed || busyGroups.has(entry.spec.group)) continue;
      if (earliest === undefined || entry.nextDue < earliest) earliest = entry.nextDue;
    }
    return earliest;
  }

  #fresh(id: string, spec: TaskSpec<T>, now: number): Entry<T> {
    return { id, spec, nextDue: spec.schedule.first(now), running: false, failures: 0, removed: false };
  }

  #nextDue(entry: Entry<T>, now: number): number {
    const { schedule, jitter = 0 } = entry.spec;
    const period = schedule.periodMs(now);
    if (schedule.kind === "interval") return now + nextPollDelay(period, entry.failures, jitter, this.random);
    // Cron: the first fire time after the backoff (the next fire time itself while failures are not repeating).
    const backoff = nextPollDelay(period, entry.failures, 0) - period;
    return schedule.next(now + Math.max(0, backoff));
  }
}
