// The paging property suite at scale: random seeds, larger collections and more runs than CI's fixed-seed
// suite (test/taxii/paging-model.test.ts). Run with `pnpm bench -- paging-model`; TAXIWAY_PAGING_BENCH_RUNS sets
// the number of scenarios (default 5,000) and TAXIWAY_PAGING_SEED replays one seed. A failing seed is printed
// with its shrunk counterexample: add it to the named regressions in the test file.
import { checkScenario, HABIT_SWITCHES, type ModelRun, type PagingScenario } from "@taxiway/testkit/fixtures";
import fc from "fast-check";

const runs = Number(process.env.TAXIWAY_PAGING_BENCH_RUNS ?? 5_000);
const seed = Number(process.env.TAXIWAY_PAGING_SEED ?? Math.floor(Math.random() * 2 ** 31));

const scenario: fc.Arbitrary<PagingScenario> = fc.record({
  habits: fc.record({
    pageCap: fc.constantFrom(...HABIT_SWITCHES.pageCap, 7, 50),
    tokens: fc.constantFrom(...HABIT_SWITCHES.tokens),
    addedAfter: fc.constantFrom(...HABIT_SWITCHES.addedAfter),
    headers: fc.constantFrom(...HABIT_SWITCHES.headers),
    more: fc.constantFrom(...HABIT_SWITCHES.more),
    rangePaging: fc.constantFrom(...HABIT_SWITCHES.rangePaging),
    manifest: fc.constantFrom(...HABIT_SWITCHES.manifest),
  }),
  pageSize: fc.constantFrom(1, 2, 3, 5, 10, 50, 1000),
  runs: fc.array(
    fc.record(
      {
        addBefore: fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 3 }),
        interrupt: fc.record({
          kind: fc.constantFrom("sigterm", "kill"),
          atPage: fc.integer({ min: 1, max: 12 }),
        }),
      },
      { requiredKeys: ["addBefore"] },
    ) as fc.Arbitrary<ModelRun>,
    { minLength: 1, maxLength: 6 },
  ),
});

const started = performance.now();
const result = await fc.check(
  fc.asyncProperty(scenario, async (drawn) => {
    const broken = await checkScenario(drawn);
    if (broken) throw new Error(broken);
  }),
  { seed, numRuns: runs },
);
const seconds = (performance.now() - started) / 1000;
console.log(
  `BENCH ${JSON.stringify({
    bench: "paging-model",
    metric: "scenarios",
    value: result.numRuns,
    unit: "scenarios",
    note: `seed ${seed}, ${(result.numRuns / seconds).toFixed(0)} scenarios/s, ${result.failed ? "FAILED" : "all passed"}`,
  })}`,
);
if (result.failed) {
  console.error(`paging-model: seed ${seed} fails: ${String(result.errorInstance)}`);
  console.error(`counterexample: ${JSON.stringify(result.counterexample)}`);
  process.exitCode = 1;
}
