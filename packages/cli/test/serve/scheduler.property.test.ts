import { cronSchedule, intervalSchedule, type JobSchedule } from "@taxiway/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JobTable, type RunOutcome, type TaskSpec } from "../../src/serve/job-table.js";
import { Scheduler } from "../../src/serve/scheduler.js";
import { VirtualClock } from "./virtual-clock.js";

const S = 1000;
const IDS = ["a", "b", "c", "d", "e", "f"] as const;
const GROUPS = ["g1", "g2", "g3"] as const;

const scheduleArb: fc.Arbitrary<JobSchedule> = fc.oneof(
  fc.integer({ min: 1, max: 20 }).map((s) => intervalSchedule(s * S)),
  fc.constantFrom("*/1 * * * * *", "*/5 * * * * *", "*/7 * * * * *", "* * * * *").map(cronSchedule),
);

const specArb: fc.Arbitrary<TaskSpec<string>> = fc
  .record({
    schedule: scheduleArb,
    group: fc.constantFrom(...GROUPS),
    version: fc.integer({ min: 0, max: 2 }),
    jitter: fc.constantFrom(0, 0.1, 0.5),
  })
  .map(({ schedule, group, version, jitter }) => ({
    payload: `v${version}`,
    schedule,
    group,
    jitter,
    fingerprint: `${schedule.text}|${group}|${version}|${jitter}`,
  }));

const outcomeArb: fc.Arbitrary<RunOutcome> = fc.oneof(
  fc.constant({ kind: "ok" as const }),
  fc.constant({ kind: "failed" as const }),
  fc.constant({ kind: "held" as const, holder: "other:1" }),
);

type Step =
  | { op: "advance"; ms: number }
  | { op: "finish"; pick: number; outcome: RunOutcome }
  | { op: "upsert"; id: string; spec: TaskSpec<string> }
  | { op: "remove"; id: string };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 30 * S }).map((ms) => ({ op: "advance" as const, ms })) },
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant("finish" as const), pick: fc.nat(), outcome: outcomeArb }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant("upsert" as const), id: fc.constantFrom(...IDS), spec: specArb }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("remove" as const), id: fc.constantFrom(...IDS) }) },
);

describe("serve job table (model-based properties, fixed seed)", () => {
  it("never exceeds the concurrency bound, never runs a task (or its group) twice at once, and every due task runs", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(stepArb, { maxLength: 80 }),
        fc.nat(),
        (concurrency, steps, seed) => {
          let r = seed;
          const table = new JobTable<string>(concurrency, () => {
            r = (r * 1103515245 + 12345) % 2 ** 31;
            return r / 2 ** 31;
          });
          let now = 0;
          /** id → group of the run in flight (the model: what the driver has started and not yet finished). */
          const running = new Map<string, string>();
          const check = () => {
            for (const { id, payload } of table.take(now)) {
              expect(running.has(id), `${id} started while running`).toBe(false);
              const group = table.get(id)?.spec.group ?? "?";
              expect([...running.values()], `group ${group} of ${id} already running`).not.toContain(group);
              expect(payload).toMatch(/^v\d$/);
              running.set(id, group);
            }
            expect(running.size).toBeLessThanOrEqual(concurrency);
            expect(table.running).toBe(running.size);
          };
          for (const step of steps) {
            if (step.op === "advance") now += step.ms;
            else if (step.op === "finish") {
              const ids = [...running.keys()];
              const id = ids[step.pick % Math.max(1, ids.length)];
              if (id === undefined) continue;
              running.delete(id);
              table.finish(id, step.outcome, now);
            } else if (step.op === "upsert") table.upsert(step.id, step.spec, now);
            else table.remove(step.id);
            check();
          }
          // Liveness: with runs ending, every task due now starts within as many rounds as there are tasks.
          const dueNow = table
            .ids()
            .filter((id) => !running.has(id) && (table.get(id)?.nextDue ?? Infinity) <= now);
          const started = new Set<string>();
          for (let round = 0; round <= IDS.length && started.size < dueNow.length; round++) {
            for (const id of [...running.keys()]) {
              running.delete(id);
              table.finish(id, { kind: "ok" }, now);
            }
            for (const { id } of table.take(now)) {
              running.set(id, "?");
              started.add(id);
            }
          }
          for (const id of dueNow) expect(started.has(id), `${id} due at ${now} never started`).toBe(true);
        },
      ),
      { numRuns: 400, seed: 2121 },
    );
  });
});

describe("serve scheduler over virtual time (properties, fixed seed)", () => {
  it("bounded, never overlapping itself, and every job runs, whatever the durations and outcomes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(
          fc.record({
            spec: specArb,
            durationMs: fc.integer({ min: 0, max: 8 * S }),
            outcome: outcomeArb,
          }),
          { minLength: 1, maxLength: 5 },
        ),
        async (concurrency, jobs) => {
          const clock = new VirtualClock();
          const table = new JobTable<string>(concurrency, () => 0.5);
          const active = new Set<string>();
          const activeGroups: string[] = [];
          const runs = new Map<string, number>();
          let maxActive = 0;
          const scheduler = new Scheduler<string>({
            table,
            clock,
            async execute(id) {
              const job = jobs[Number(id)];
              if (!job) throw new Error(`unknown ${id}`);
              expect(active.has(id), `${id} overlaps itself`).toBe(false);
              expect(activeGroups, `${id}'s group overlaps`).not.toContain(job.spec.group);
              active.add(id);
              activeGroups.push(job.spec.group);
              maxActive = Math.max(maxActive, active.size);
              runs.set(id, (runs.get(id) ?? 0) + 1);
              await clock.sleep(job.durationMs, new AbortController().signal);
              active.delete(id);
              activeGroups.splice(activeGroups.indexOf(job.spec.group), 1);
              return job.outcome;
            },
          });
          for (const [index, job] of jobs.entries()) table.upsert(String(index), job.spec, 0);
          const stop = new AbortController();
          const done = scheduler.run(stop.signal);
          // Long enough for every job to come round: backoff of a failing job reaches at most 2^k periods.
          await clock.advanceTo(30 * 60 * S);
          stop.abort();
          await clock.advance(3600 * S);
          await done;
          expect(maxActive).toBeLessThanOrEqual(concurrency);
          for (const index of jobs.keys())
            expect(runs.get(String(index)) ?? 0, `job ${index}`).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 40, seed: 4242 },
    );
  }, 120_000);
});
