// `pnpm bench`: runs every packages/*/bench/*.bench.ts and connectors/*/bench/*.bench.ts as its own Node
// process (Node ≥ 22.18 strips the types), collects the result lines they print, and prints one table.
//
// A bench file prints one line per figure: `BENCH {"bench":"…","metric":"…","value":N,"unit":"…",
// "baseline":N,"ratio":N,"note":"…"}`. Ratios are against a baseline measured in the same process,
// because the machines are shared and absolute numbers drift. Filter with `pnpm bench -- NAME`; `--quick` asks the
// benches that honour it (TAXIWAY_BENCH_QUICK=1) for fewer sizes and rounds.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2).filter((a) => a !== "--");
const quick = args.includes("--quick");
const filter = args.filter((a) => a !== "--quick");
const files = [];
for (const group of ["packages", "connectors"]) {
  for (const pkg of readdirSync(join(root, group))) {
    const dir = join(root, group, pkg, "bench");
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith(".bench.ts")) files.push(join(dir, f));
  }
}
// Matched against the path inside the repository: a checkout in a folder named like a bench must not select them all.
const selected = files.filter(
  (f) => filter.length === 0 || filter.some((w) => relative(root, f).includes(w)),
);
const results = [];
let failed = 0;
for (const file of selected) {
  const name = relative(root, file);
  console.error(`bench: ${name}`);
  const run = spawnSync(process.execPath, ["--expose-gc", file], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 << 20,
    env: quick ? { ...process.env, TAXIWAY_BENCH_QUICK: "1" } : process.env,
  });
  for (const line of run.stdout.split("\n")) {
    if (line.startsWith("BENCH ")) results.push({ file: name, ...JSON.parse(line.slice(6)) });
    else if (line.trim()) console.error(`  ${line}`);
  }
  if (run.status !== 0) {
    failed++;
    console.error(`bench: ${name} exited ${run.status}`);
  }
}
const fmt = (n) =>
  typeof n !== "number" ? "" : Math.abs(n) >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(2);
console.log("| bench | metric | value | baseline | ratio | note |");
console.log("|---|---|---|---|---|---|");
for (const r of results) {
  console.log(
    `| ${r.bench} | ${r.metric} | ${fmt(r.value)} ${r.unit ?? ""} | ${fmt(r.baseline)} | ${r.ratio === undefined ? "" : r.ratio.toFixed(2)} | ${r.note ?? ""} |`,
  );
}
writeFileSync(join(root, "bench-results.json"), `${JSON.stringify(results, null, 2)}\n`);
process.exitCode = failed > 0 ? 1 : 0;
