import { describe, expect, it } from "vitest";
import { SweepSchedule, waitSweeping } from "../src/commands/watch-sweep.js";

/** A clock that moves only when the code under test sleeps: no test waits for real time. */
function fakeClock(start = 0) {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

describe("--watch sweep schedule", () => {
  it("sweeps between polls on its own interval, never past the poll, and not again before it is due", async () => {
    const clock = fakeClock();
    const schedule = new SweepSchedule(10 * 60_000, clock.now);
    expect(schedule.due()).toBe(true);
    schedule.done(); // the first poll swept
    const at: number[] = [];
    const signal = new AbortController().signal;
    // Polls every hour, sweeps every 10 minutes: five sweeps inside the wait, at 10, 20, … 50 minutes.
    await waitSweeping(60 * 60_000, schedule, async () => void at.push(clock.now() / 60_000), signal, clock);
    expect(at).toEqual([10, 20, 30, 40, 50]);
    expect(clock.now()).toBe(60 * 60_000);
    // The sweep at 60 falls due with the next poll, which sweeps itself.
    expect(schedule.due()).toBe(true);
  });

  it("a sweep interval longer than the poll interval leaves sweeping to the polls that fall due", async () => {
    const clock = fakeClock();
    const schedule = new SweepSchedule(60 * 60_000, clock.now);
    schedule.done();
    let sweeps = 0;
    const signal = new AbortController().signal;
    for (let poll = 0; poll < 3; poll++)
      await waitSweeping(15 * 60_000, schedule, async () => void sweeps++, signal, clock);
    expect(sweeps).toBe(0);
    await waitSweeping(15 * 60_000, schedule, async () => void sweeps++, signal, clock);
    expect(sweeps).toBe(0);
    expect(schedule.due()).toBe(true);
  });
});
