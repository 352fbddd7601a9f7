// Start-up of the `taxiway` command (issue 24: a cron tool starts in ≤ 150 ms): `--version` and `validate` of the
// built CLI (packages/cli/dist) and of the standalone bundle (`pnpm package` → build/package, built here when
// missing), against `node -e ''` in the same rounds. Wall time of each child process, medians over interleaved rounds.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "./child-run.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = join(ROOT, "packages/cli/dist/bin.js");
const BUNDLE = join(ROOT, "build/package/packages/cli/dist/taxiway.mjs");
const ROUNDS = Number(
  process.env.TAXIWAY_STARTUP_ROUNDS ?? (process.env.TAXIWAY_BENCH_QUICK === "1" ? 7 : 15),
);

if (!existsSync(BUNDLE))
  spawnSync(process.execPath, [join(ROOT, "scripts/package.mjs")], { stdio: "inherit" });
const dir = await mkdtemp(join(tmpdir(), "taxiway-startup-"));
const job = join(dir, "job.yaml");
await writeFile(
  job,
  `name: startup
source: { type: taxii, url: "http://127.0.0.1:9/taxii2/", collection: c }
sinks:
  - { type: csv, path: ./out.csv, columns: [type, value] }
`,
);

const cases: Record<string, string[]> = {
  "node -e ''": ["-e", ""],
  "taxiway --version": [BIN, "--version"],
  "taxiway validate (CSV job)": [BIN, "validate", job],
  ...(existsSync(BUNDLE)
    ? {
        "bundle: taxiway --version": [BUNDLE, "--version"],
        "bundle: taxiway validate (CSV job)": [BUNDLE, "validate", job],
      }
    : {}),
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
const rss: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round++) {
  const names = round % 2 === 0 ? Object.keys(cases) : Object.keys(cases).reverse();
  for (const name of names) {
    const started = performance.now();
    const run = spawnSync(
      "/usr/bin/env",
      [
        "node",
        "--import",
        fileURLToPath(new URL("./resource-usage.mjs", import.meta.url)),
        ...(cases[name] as string[]),
      ],
      {
        encoding: "utf8",
        env: {
          ...process.env,
          PATH: `${join(process.execPath, "..")}:${process.env.PATH}`,
          TAXIWAY_BENCH_USAGE: join(dir, "usage.json"),
        },
      },
    );
    times[name]?.push(performance.now() - started);
    if (run.status !== 0) throw new Error(`${name} exited ${run.status}: ${run.stderr}`);
    const usage = JSON.parse(spawnSync("cat", [join(dir, "usage.json")], { encoding: "utf8" }).stdout);
    rss[name]?.push(usage.maxRssKiB / 1024);
  }
}
await rm(dir, { recursive: true, force: true });
const baseline = median(times["node -e ''"] as number[]);
for (const name of Object.keys(cases)) {
  if (name === "node -e ''") continue;
  const ms = median(times[name] as number[]);
  console.log(
    `BENCH ${JSON.stringify({
      bench: "startup",
      metric: name,
      value: Math.round(ms),
      unit: "ms",
      baseline: Math.round(baseline),
      ratio: Number((ms / baseline).toFixed(2)),
      note: `wall of the process, median of ${ROUNDS} interleaved rounds, vs node -e '' (peak RSS ${median(rss[name] as number[]).toFixed(0)} MiB); target ≤ 150 ms`,
    })}`,
  );
}
