// Start-up of the `taxiway` command (issue 24: a cron tool starts in ≤ 150 ms): `--version`, `validate` of a CSV job
// and `run` of a job whose TAXII collection is empty (start-up, one poll, commit, exit), of the built CLI
// (packages/cli/dist) and of the standalone bundle (`pnpm package` → build/package, built here when missing). Each is
// a child process; `node -e 0` runs in the same rounds as the baseline; rounds alternate their order; medians of wall
// time (the target) and of CPU time (what a busy, shared machine distorts least).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startTaxiiServer } from "@taxiway/testkit/fixtures";
import { type ChildFigures, measureChild, median, USAGE_HOOK } from "./child-run.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = join(ROOT, "packages/cli/dist/bin.js");
const BUNDLE = join(ROOT, "build/package/packages/cli/dist/taxiway.mjs");
const ROUNDS = Number(
  process.env.TAXIWAY_STARTUP_ROUNDS ?? (process.env.TAXIWAY_BENCH_QUICK === "1" ? 7 : 15),
);
const TARGET_MS = 150;

if (!existsSync(BUNDLE))
  spawnSync(process.execPath, [join(ROOT, "scripts/package.mjs")], { stdio: "inherit" });
const server = await startTaxiiServer({ collections: [{ id: "empty", title: "Empty", objects: [] }] });
const dir = await mkdtemp(join(tmpdir(), "taxiway-startup-"));
const validateJob = join(dir, "validate.yaml");
await writeFile(
  validateJob,
  `name: startup
source: { type: taxii, url: "http://127.0.0.1:9/taxii2/", collection: c }
sinks:
  - { type: csv, path: ./out.csv, columns: [type, value] }
`,
);
const runJob = (name: string) => {
  const path = join(dir, `${name}.yaml`);
  return {
    path,
    text: `name: ${name}
source: { type: taxii, url: "${server.url}", collection: empty }
checkpoint: { path: ./state/${name}.json }
logging: { level: warn }
sinks:
  - { type: csv, path: ./out/${name}.csv, columns: [type, value] }
`,
  };
};
for (const name of ["run-cli", "run-bundle"]) {
  const job = runJob(name);
  await writeFile(job.path, job.text);
}

const BASELINE = "node -e 0";
const cases: Record<string, string[]> = {
  [BASELINE]: ["-e", "0"],
  "taxiway --version": [BIN, "--version"],
  "taxiway validate (CSV job)": [BIN, "validate", validateJob],
  "taxiway run (empty collection → CSV)": [BIN, "run", join(dir, "run-cli.yaml")],
  ...(existsSync(BUNDLE)
    ? {
        "bundle: taxiway --version": [BUNDLE, "--version"],
        "bundle: taxiway validate (CSV job)": [BUNDLE, "validate", validateJob],
        "bundle: taxiway run (empty collection → CSV)": [BUNDLE, "run", join(dir, "run-bundle.yaml")],
      }
    : {}),
};
const figures: Record<string, ChildFigures[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
try {
  for (let round = 0; round < ROUNDS; round++) {
    const names = round % 2 === 0 ? Object.keys(cases) : Object.keys(cases).reverse();
    for (const name of names)
      figures[name]?.push(
        await measureChild(process.execPath, ["--import", USAGE_HOOK, ...(cases[name] as string[])], {
          cwd: dir,
        }),
      );
  }
} finally {
  await server.close();
  await rm(dir, { recursive: true, force: true });
}

const of = (name: string, key: keyof ChildFigures) => median((figures[name] ?? []).map((f) => f[key]));
const baseWall = of(BASELINE, "wallMs");
const baseCpu = of(BASELINE, "cpuMs");
for (const name of Object.keys(cases)) {
  if (name === BASELINE) continue;
  const wall = of(name, "wallMs");
  const cpu = of(name, "cpuMs");
  console.log(
    `BENCH ${JSON.stringify({
      bench: "startup",
      metric: name,
      value: Math.round(wall),
      unit: "ms",
      baseline: Math.round(baseWall),
      ratio: Number((wall / baseWall).toFixed(2)),
      note: `wall of the process (ratio: against ${BASELINE} in the same rounds), median of ${ROUNDS} alternating rounds; CPU ${Math.round(cpu)} ms (${BASELINE}: ${Math.round(baseCpu)} ms, ${(cpu / baseCpu).toFixed(1)}×); peak RSS ${of(name, "rssMiB").toFixed(0)} MiB; target ≤ ${TARGET_MS} ms wall for --version and validate`,
    })}`,
  );
}
