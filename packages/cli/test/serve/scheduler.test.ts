import { cronSchedule, intervalSchedule } from "@taxiway/core";
import { describe, expect, it } from "vitest";
import { JobTable, type RunOutcome, type TaskSpec } from "../../src/serve/job-table.js";
import { Scheduler } from "../../src/serve/scheduler.js";
import { settle, VirtualClock } from "./virtual-clock.js";

const S = 1000;

function task(id: string, ms: number, extra: Partial<TaskSpec<string>> = {}): TaskSpec<string> {
  return { payload: id, schedule: intervalSchedule(ms), group: id, fingerprint: `${id}@${ms}`, ...extra };
}

/** A scheduler over a virtual clock whose tasks last `durationMs` virtual ms and end as `outcomeOf` says. */
function harness(
  concurrency: number,
  options: { durationMs?: (id: string) => number; outcomeOf?: (id: string) => RunOutcome } = {},
) {
  const clock = new VirtualClock();
  const table = new JobTable<string>(concurrency, () => 0);
  const starts: Array<{ id: string; payload: string; at: number }> = [];
  const ends: Array<{ id: string; at: number }> = [];
  const sawStop: string[] = [];
  let active = 0;
  let maxActive = 0;
  const scheduler = new Scheduler<string>({
    table,
    clock,
    async execute(id, payload, signal) {
      starts.push({ id, payload, at: clock.now() });
      active++;
      maxActive = Math.max(maxActive, active);
      try {
        await clock.sleep(options.durationMs?.(id) ?? 0, new AbortController().signal);
        if (signal.aborted) sawStop.push(id);
        return options.outcomeOf?.(id) ?? { kind: "ok" };
      } finally {
        active--;
        ends.push({ id, at: clock.now() });
      }
    },
  });
  const stop = new AbortController();
  const done = scheduler.run(stop.signal);
  return {
    clock,
    table,
    scheduler,
    starts,
    ends,
    sawStop,
    maxActive: () => maxActive,
    runsOf: (id: string) => starts.filter((s) => s.id === id).map((s) => s.at),
    abort: () => stop.abort(),
    /** Stops, and lets virtual time run until every running task has drained. */
    stop: async () => {
      stop.abort();
      await clock.advance(24 * 3600 * S);
      return done;
    },
    done,
  };
}

describe("serve scheduler (virtual clock)", () => {
  it("an interval job runs at once, then the interval after each run ends", async () => {
    const h = harness(4, { durationMs: () => 2 * S });
    h.table.upsert("a", task("a", 10 * S), 0);
    h.scheduler.poke();
    await h.clock.advanceTo(40 * S);
    expect(h.runsOf("a")).toEqual([0, 12 * S, 24 * S, 36 * S]);
    await h.clock.advanceTo(50 * S);
    await h.stop();
  });

  it("a cron job runs at its fire times (6-field seconds cron)", async () => {
    const h = harness(4);
    h.table.upsert("c", task("c", 0, { schedule: cronSchedule("*/5 * * * * *") }), 1);
    h.scheduler.poke();
    await h.clock.advanceTo(21 * S);
    expect(h.runsOf("c")).toEqual([5 * S, 10 * S, 15 * S, 20 * S]);
    await h.stop();
  });

  it("failures back off per job, doubling, while a healthy job keeps its pace", async () => {
    const h = harness(4, { outcomeOf: (id) => (id === "bad" ? { kind: "failed" } : { kind: "ok" }) });
    h.table.upsert("bad", task("bad", 10 * S), 0);
    h.table.upsert("good", task("good", 10 * S), 0);
    h.scheduler.poke();
    await h.clock.advanceTo(160 * S);
    expect(h.runsOf("bad")).toEqual([0, 10 * S, 30 * S, 70 * S, 150 * S]);
    expect(h.runsOf("good")).toHaveLength(17);
    expect(h.table.get("bad")?.failures).toBe(5);
    await h.stop();
  });

  it("a run held elsewhere (lock or lease) is no failure: no backoff, tried again at its next time", async () => {
    const h = harness(4, { outcomeOf: () => ({ kind: "held", holder: "host-b:42" }) });
    h.table.upsert("h", task("h", 10 * S), 0);
    h.scheduler.poke();
    await h.clock.advanceTo(30 * S);
    expect(h.runsOf("h")).toEqual([0, 10 * S, 20 * S, 30 * S]);
    expect(h.table.get("h")).toMatchObject({
      failures: 0,
      lastOutcome: { kind: "held", holder: "host-b:42" },
    });
    await h.stop();
  });

  it("bounded concurrency: three due jobs on two slots, the third starts when one ends", async () => {
    const h = harness(2, { durationMs: () => 5 * S });
    for (const id of ["a", "b", "c"]) h.table.upsert(id, task(id, 60 * S), 0);
    h.scheduler.poke();
    await h.clock.advanceTo(6 * S);
    expect(h.starts.map((s) => [s.id, s.at])).toEqual([
      ["a", 0],
      ["b", 0],
      ["c", 5 * S],
    ]);
    expect(h.maxActive()).toBe(2);
    await h.stop();
  });

  it("a job never overlaps itself, nor its sweep (one group)", async () => {
    const h = harness(4, { durationMs: (id) => (id === "j" ? 30 * S : 1 * S) });
    h.table.upsert("j", task("j", 1 * S), 0);
    h.table.upsert("j#sweep", task("j#sweep", 1 * S, { group: "j" }), 0);
    h.scheduler.poke();
    await h.clock.advanceTo(65 * S);
    const spans = h.starts.map((s, i) => ({
      id: s.id,
      at: s.at,
      end: h.ends.find((e, k) => e.id === s.id && k >= 0 && e.at >= s.at)?.at ?? Infinity,
      i,
    }));
    for (const a of spans)
      for (const b of spans)
        if (a !== b) expect(a.end <= b.at || b.end <= a.at, `${a.id}@${a.at} vs ${b.id}@${b.at}`).toBe(true);
    expect(h.runsOf("j")).toEqual([0, 31 * S, 62 * S]);
    expect(h.runsOf("j#sweep")).toEqual([30 * S, 61 * S]);
    await h.stop();
  });

  it("a changed job's running run finishes first; then the new version runs", async () => {
    const h = harness(4, { durationMs: () => 5 * S });
    h.table.upsert("a", task("a", 60 * S), 0);
    h.scheduler.poke();
    await h.clock.advanceTo(1 * S);
    expect(
      h.table.upsert("a", { ...task("a", 60 * S), payload: "a-v2", fingerprint: "v2" }, h.clock.now()),
    ).toBe("changed");
    h.scheduler.poke();
    await h.clock.advanceTo(10 * S);
    expect(h.starts.map((s) => [s.payload, s.at])).toEqual([
      ["a", 0],
      ["a-v2", 5 * S],
    ]);
    await h.stop();
  });

  it("a removed job finishes its running run and never runs again; an added one starts", async () => {
    const h = harness(4, { durationMs: () => 5 * S });
    h.table.upsert("a", task("a", 10 * S), 0);
    h.scheduler.poke();
    await h.clock.advanceTo(1 * S);
    h.table.remove("a");
    h.table.upsert("b", task("b", 10 * S), h.clock.now());
    h.scheduler.poke();
    await h.clock.advanceTo(60 * S);
    expect(h.runsOf("a")).toEqual([0]);
    expect(h.ends.filter((e) => e.id === "a")).toHaveLength(1);
    expect(h.runsOf("b")[0]).toBe(1 * S);
    expect(h.table.ids()).toEqual(["b"]);
    await h.stop();
  });

  it("stop drains: running tasks see the stop signal and end; run() resolves only after them, starting nothing new", async () => {
    const h = harness(4, { durationMs: () => 5 * S });
    h.table.upsert("a", task("a", 1 * S), 0);
    h.table.upsert("b", task("b", 1 * S), 0);
    h.scheduler.poke();
    await h.clock.advanceTo(1 * S);
    let resolved = false;
    h.done.then(() => {
      resolved = true;
    });
    h.abort();
    await settle();
    expect(resolved).toBe(false);
    await h.clock.advanceTo(20 * S);
    expect(resolved).toBe(true);
    expect(h.sawStop.sort()).toEqual(["a", "b"]);
    expect(h.starts).toHaveLength(2);
  });

  it("a task that throws counts as failed and backs off", async () => {
    const clock = new VirtualClock();
    const table = new JobTable<string>(1, () => 0);
    let runs = 0;
    const scheduler = new Scheduler<string>({
      table,
      clock,
      execute: async () => {
        runs++;
        throw new Error("boom");
      },
    });
    const stop = new AbortController();
    table.upsert("x", task("x", 10 * S), 0);
    const done = scheduler.run(stop.signal);
    await clock.advanceTo(35 * S);
    expect(runs).toBe(3); // 0, 10, 30
    expect(table.get("x")?.failures).toBe(3);
    stop.abort();
    await done;
  });
});
