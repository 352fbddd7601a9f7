import { sleep } from "@taxiway/core";

/** When `run --watch` sweeps: after the first poll, then every `intervalMs` (watch.sweep_interval), polls or not. */
export class SweepSchedule {
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  due(): boolean {
    return this.now() - this.last >= this.intervalMs;
  }

  /** ms until the next sweep falls due (0 when it is). */
  untilDue(): number {
    return Math.max(0, this.last + this.intervalMs - this.now());
  }

  done(): void {
    this.last = this.now();
  }
}

/**
 * Waits `ms` between polls, waking to run `sweep` each time the schedule falls due, so expiry keeps its own pace
 * when polls are rare. Sweep and poll never overlap (one loop). Rejects like `sleep` when `signal` aborts.
 */
export async function waitSweeping(
  ms: number,
  schedule: SweepSchedule,
  sweep: () => Promise<void>,
  signal: AbortSignal,
  clock: { now: () => number; sleep: typeof sleep } = { now: Date.now, sleep },
): Promise<void> {
  const { now } = clock;
  const until = now() + ms;
  for (;;) {
    const left = until - now();
    if (left <= 0) return;
    const step = Math.min(left, schedule.untilDue());
    if (step > 0) await clock.sleep(step, signal);
    if (schedule.due() && until - now() > 0) {
      await sweep();
      schedule.done();
    }
  }
}
