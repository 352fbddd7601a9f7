import {
  checkScenario,
  driveModel,
  HABIT_SWITCHES,
  type ModelOutcome,
  type ModelRun,
  type PagingScenario,
  type ServerHabits,
  SimulatedTaxiiServer,
} from "@taxiway/testkit/fixtures";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

// The pager against a model of every server habit (issue 17). The property suite runs with a fixed seed in CI;
// packages/testkit/bench/paging-model.bench.ts (`pnpm bench -- paging-model`) draws many more with random
// seeds; a failing seed it finds becomes a regression below.
const PAGING_SEED = 20_261_117;
const RUNS = Number(process.env.TAXIWAY_PAGING_RUNS ?? 3000);

const habitsArbitrary: fc.Arbitrary<ServerHabits> = fc.record({
  pageCap: fc.constantFrom(...HABIT_SWITCHES.pageCap),
  tokens: fc.constantFrom(...HABIT_SWITCHES.tokens),
  addedAfter: fc.constantFrom(...HABIT_SWITCHES.addedAfter),
  headers: fc.constantFrom(...HABIT_SWITCHES.headers),
  more: fc.constantFrom(...HABIT_SWITCHES.more),
  rangePaging: fc.constantFrom(...HABIT_SWITCHES.rangePaging),
  manifest: fc.constantFrom(...HABIT_SWITCHES.manifest),
});

const runArbitrary: fc.Arbitrary<ModelRun> = fc.record(
  {
    addBefore: fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 3 }),
    interrupt: fc.record({
      kind: fc.constantFrom("sigterm", "kill"),
      atPage: fc.integer({ min: 1, max: 6 }),
    }),
  },
  { requiredKeys: ["addBefore"] },
);

/** Every drawn scenario (packages/testkit/bench/paging-model.bench.ts draws the same shapes, larger). */
const scenarioArbitrary: fc.Arbitrary<PagingScenario> = fc.record({
  habits: habitsArbitrary,
  pageSize: fc.constantFrom(1, 2, 5, 10, 50),
  runs: fc.array(runArbitrary, { minLength: 1, maxLength: 5 }),
});

describe("the pager against the model of server habits (property, fixed seed)", () => {
  it(`terminates, delivers every reachable object exactly once over interrupted runs, and names its strategy (${RUNS} scenarios)`, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async (scenario) => {
        const broken = await checkScenario(scenario);
        if (broken) throw new Error(broken);
      }),
      { seed: PAGING_SEED, numRuns: RUNS },
    );
  }, 600_000);
});

/** Habits of a well-behaved 2.1 server, with the given switches changed. */
function habits(changes: Partial<ServerHabits>): ServerHabits {
  return {
    pageCap: 1000,
    tokens: "fresh",
    addedAfter: "exclusive",
    headers: "present",
    more: "honest",
    rangePaging: false,
    manifest: true,
    ...changes,
  };
}

function once(outcome: ModelOutcome, server: SimulatedTaxiiServer): void {
  expect([...outcome.delivered.values()].every((n) => n === 1)).toBe(true);
  expect([...outcome.delivered.keys()].sort()).toEqual(server.keys().sort());
}

describe("issue 17: each observation as a named regression (the model)", () => {
  it("#1 medallion habits (reused token, cap 20): one batch of 54, later batches, a stop after 2 pages: every object once", async () => {
    const server = new SimulatedTaxiiServer(habits({ tokens: "reused", pageCap: 20 }), 500);
    const outcome = await driveModel(
      server,
      [
        { addBefore: [54] },
        { addBefore: [] },
        { addBefore: [45], interrupt: { kind: "sigterm", atPage: 2 } },
        { addBefore: [10] },
        { addBefore: [] },
      ],
      { pageSize: 1000 },
    );
    once(outcome, server);
    expect(outcome.summaries.every((s) => s.stalled === undefined && s.strategy === "header")).toBe(true);
  });

  it("#2 a repeated page (same token, same objects, more: true): the poll ends, each object once, the stall is reported", async () => {
    const server = new SimulatedTaxiiServer(habits({ tokens: "repeated", pageCap: 2 }), 200);
    server.addBatch(2);
    const outcome = await driveModel(server, [{ addBefore: [] }, { addBefore: [] }], { pageSize: 2 });
    once(outcome, server);
    expect(server.requests).toBeLessThan(30);
    expect(outcome.summaries[0]?.stalled).toBe(1);
  });

  it("#3 TAXII 2.0 Range paging and a 2.1 server without date headers: three polls of three indicators give three deliveries", async () => {
    for (const changes of [
      { rangePaging: true },
      { headers: "absent" as const },
      { headers: "absent" as const, manifest: false },
    ]) {
      const server = new SimulatedTaxiiServer(habits(changes), 200);
      const outcome = await driveModel(
        server,
        [{ addBefore: [1, 1, 1] }, { addBefore: [] }, { addBefore: [] }],
        {
          pageSize: 10,
        },
      );
      once(outcome, server);
      expect(outcome.summaries.at(-1)?.strategy).toBe(
        changes.headers === undefined ? "header" : changes.manifest === false ? "seen-index" : "manifest",
      );
    }
  });

  it("#6 a header moving back in time is never committed; a garbage header is reported as garbage, not as absent", async () => {
    const backwards = new SimulatedTaxiiServer(habits({ headers: "backwards", pageCap: 50 }), 500);
    const moved = await driveModel(backwards, [{ addBefore: [100, 100, 100] }, { addBefore: [] }], {
      pageSize: 50,
    });
    once(moved, backwards);
    expect(moved.summaries[0]?.server_habits?.["header-backwards"]).toBeGreaterThan(0);
    const garbage = new SimulatedTaxiiServer(habits({ headers: "garbage", pageCap: 50 }), 500);
    const read = await driveModel(garbage, [{ addBefore: [100, 100, 100] }, { addBefore: [] }], {
      pageSize: 50,
    });
    once(read, garbage);
    expect(read.summaries[0]?.server_habits).toMatchObject({ "header-garbage": expect.any(Number) });
    expect(read.summaries[0]?.server_habits?.["header-absent"]).toBeUndefined();
  });

  it("#7 loops of every shape (cycling tokens, a fresh token over the same objects, fresh tokens with empty pages) end", async () => {
    for (const tokens of ["cycling", "stuck-fresh", "empty-fresh"] as const) {
      const server = new SimulatedTaxiiServer(habits({ tokens, pageCap: 2 }), 200);
      const outcome = await driveModel(server, [{ addBefore: [2, 2, 2] }, { addBefore: [] }], {
        pageSize: 2,
      });
      expect([...outcome.delivered.values()].every((n) => n === 1)).toBe(true);
      expect(server.requests).toBeLessThan(40);
    }
  });

  it("#8 more: false early on capped pages: one poll catches up, re-reading only the boundary objects", async () => {
    const server = new SimulatedTaxiiServer(habits({ more: "early", pageCap: 2 }), 500);
    const outcome = await driveModel(server, [{ addBefore: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] }], {
      pageSize: 1000,
    });
    once(outcome, server);
    expect(outcome.summaries[0]?.objects).toBe(10);
    // One request per new pair of objects plus the final confirmation: not one object per poll.
    expect(server.requests).toBeLessThanOrEqual(12);
  });

  it("bench seed 59716763: a header moving back, more: false early and a two-object tie block, page size 1", async () => {
    const broken = await checkScenario({
      habits: habits({ pageCap: 50, headers: "backwards", more: "early" }),
      pageSize: 1,
      runs: [{ addBefore: [2] }, { addBefore: [] }],
    });
    expect(broken).toBeUndefined();
  });
});
