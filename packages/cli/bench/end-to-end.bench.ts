// End to end (issue 24): N generated indicators from the loopback TAXII fixture server (a child process) into CSV
// with a file checkpoint, `taxiway run` as a child process, against the naive floor script (floor.mjs: fetch, parse,
// a regex, one write per page, one fsync) and, where PyPI can be reached, the OASIS Python stack (taxii2-client +
// stix2-patterns, oasis-stack.py, in a venv this bench makes). Each contender runs as its own process: wall time
// here, CPU time and peak RSS from the process itself. Rounds alternate the order; figures are medians, ratios the
// median of per-round ratios. A full default run writes docs/end-to-end-throughput.svg from its own figures.
//   TAXIWAY_E2E_SIZES=10000,100000,1000000  sizes (default 10k,20k,100k,1M; --quick: 20k,100k)
//   TAXIWAY_E2E_ROUNDS=5                    rounds per size (default 5, and 3 from 1M on so the bench stays
//                                           reasonable; --quick: 3)
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ChildFigures, measureChild, measureTaxiway, median, USAGE_HOOK } from "./child-run.ts";
import { startFixtureServer } from "./fixture-server.ts";
import { throughputSvg } from "./throughput-plot.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const FLOOR = fileURLToPath(new URL("./floor.mjs", import.meta.url));
const OASIS = fileURLToPath(new URL("./oasis-stack.py", import.meta.url));
const QUICK = process.env.TAXIWAY_BENCH_QUICK === "1";
const SIZES = (process.env.TAXIWAY_E2E_SIZES ?? (QUICK ? "20000,100000" : "10000,20000,100000,1000000"))
  .split(",")
  .map(Number)
  .sort((a, b) => a - b);
const roundsFor = (size: number) =>
  Number(process.env.TAXIWAY_E2E_ROUNDS ?? (QUICK ? 3 : size >= 1_000_000 ? 3 : 5));
const PYTHON_SIZES = new Set(QUICK ? [20_000] : [20_000, 100_000]);

const bench = (row: Record<string, unknown>) =>
  console.log(`BENCH ${JSON.stringify({ bench: "end-to-end", ...row })}`);
const thousands = (n: number) => n.toLocaleString("en-US");

/** The venv of the OASIS stack (made once, cached), or why it cannot be had. */
function oasisPython(): { python?: string; reason?: string } {
  const dir = join(process.env.TAXIWAY_TOOLS ?? join(homedir(), ".cache/taxiway-tools"), "bench-oasis-stack");
  const python = join(dir, "bin/python");
  const marker = join(dir, ".installed-taxii2-client-2.3.0-stix2-patterns-2.1.2");
  if (existsSync(marker)) return { python };
  const venv = spawnSync("python3", ["-m", "venv", dir], { encoding: "utf8" });
  if (venv.status !== 0)
    return { reason: `python3 -m venv failed: ${(venv.stderr || venv.error?.message || "").trim()}` };
  const pip = spawnSync(
    join(dir, "bin/pip"),
    ["install", "--quiet", "--disable-pip-version-check", "taxii2-client==2.3.0", "stix2-patterns==2.1.2"],
    { encoding: "utf8", timeout: 300_000 },
  );
  if (pip.status !== 0)
    return {
      reason: `PyPI could not be reached or the install failed: ${(pip.stderr || "").trim().split("\n").at(-1)}`,
    };
  spawnSync("touch", [marker]);
  return { python };
}

async function taxiwayRun(url: string, work: string, delivery = ""): Promise<ChildFigures> {
  await rm(join(work, "state"), { recursive: true, force: true });
  await rm(join(work, "out"), { recursive: true, force: true });
  await writeFile(
    join(work, "job.yaml"),
    `name: bench
source: { type: taxii, url: "${url}", collection: bench, page_size: 1000 }
checkpoint: { path: ./state/bench.json }
logging: { level: warn }
${delivery}sinks:
  - { type: csv, path: ./out/bench.csv, columns: [type, value, stix_id] }
`,
  );
  return measureTaxiway(["run", "job.yaml"], { cwd: work });
}

const floorRun = (url: string, work: string) =>
  measureChild(process.execPath, ["--import", USAGE_HOOK, FLOOR, url, "bench", join(work, "floor.csv")]);

const contenders = {
  taxiway: (url: string, work: string) => taxiwayRun(url, work),
  "taxiway, commit_every 10 pages": (url: string, work: string) =>
    taxiwayRun(url, work, "delivery: { commit_every: { pages: 10 } }\n"),
  "taxiway, source worker": (url: string, work: string) =>
    taxiwayRun(url, work, "delivery: { worker: true }\n"),
  floor: floorRun,
};
type Contender = keyof typeof contenders;

const work = await mkdtemp(join(tmpdir(), "taxiway-e2e-bench-"));
const oasis = oasisPython();
if (oasis.reason) console.log(`end-to-end: the OASIS Python rows are skipped: ${oasis.reason}`);
const figures: Record<number, Record<string, ChildFigures[]>> = {};
const ratios: Record<number, Record<string, { wall: number[]; cpu: number[]; rss: number[] }>> = {};
const python: Record<number, { figures: ChildFigures; taxiway: ChildFigures }> = {};

try {
  for (const size of SIZES) {
    const { url, child } = await startFixtureServer(size);
    try {
      const names = Object.keys(contenders) as Contender[];
      await contenders.floor(url, work); // warm-up: the server's JIT and page cache
      const runs: Record<string, ChildFigures[]> = Object.fromEntries(names.map((n) => [n, []]));
      const sizeRatios: Record<string, { wall: number[]; cpu: number[]; rss: number[] }> = Object.fromEntries(
        names.map((n) => [n, { wall: [], cpu: [], rss: [] }]),
      );
      for (let round = 0; round < roundsFor(size); round++) {
        const order = round % 2 === 0 ? names : [...names].reverse();
        const got: Partial<Record<Contender, ChildFigures>> = {};
        for (const name of order) got[name] = await contenders[name](url, work);
        for (const name of names) {
          const mine = got[name] as ChildFigures;
          const floor = got.floor as ChildFigures;
          runs[name]?.push(mine);
          const r = sizeRatios[name] as { wall: number[]; cpu: number[]; rss: number[] };
          r.wall.push(mine.wallMs / floor.wallMs);
          r.cpu.push(mine.cpuMs / floor.cpuMs);
          r.rss.push(mine.rssMiB / floor.rssMiB);
        }
      }
      figures[size] = runs;
      ratios[size] = sizeRatios;
      if (oasis.python && PYTHON_SIZES.has(size)) {
        const collectionUrl = new URL("../api1/collections/bench/", url).toString();
        const py = await measureChild(oasis.python, [OASIS, collectionUrl, join(work, "oasis.csv")]);
        python[size] = { figures: py, taxiway: await contenders.taxiway(url, work) };
      }
    } finally {
      child.kill("SIGTERM");
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

const med = (runs: ChildFigures[] | undefined, key: keyof ChildFigures) =>
  median((runs ?? []).map((r) => r[key]));
for (const size of SIZES) {
  const runs = figures[size] as Record<string, ChildFigures[]>;
  for (const name of Object.keys(contenders).filter((n) => n !== "floor")) {
    const r = ratios[size]?.[name] as { wall: number[]; cpu: number[]; rss: number[] };
    const range = (xs: number[]) => `rounds ${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
    bench({
      metric: `${name}: ${thousands(size)} indicators TAXII → CSV, wall`,
      value: Math.round(size / (med(runs[name], "wallMs") / 1000)),
      unit: "objects/s",
      baseline: Math.round(size / (med(runs.floor, "wallMs") / 1000)),
      ratio: Number(median(r.wall).toFixed(3)),
      note: `taxiway wall / floor wall (median ${Math.round(med(runs[name], "wallMs"))} ms vs ${Math.round(med(runs.floor, "wallMs"))} ms; ${range(r.wall)}); target ≤ 1.0`,
    });
    bench({
      metric: `${name}: ${thousands(size)} indicators, CPU time`,
      value: Math.round(med(runs[name], "cpuMs")),
      unit: "ms",
      baseline: Math.round(med(runs.floor, "cpuMs")),
      ratio: Number(median(r.cpu).toFixed(3)),
      note: `user + system CPU of the process (${range(r.cpu)}); target ≤ 1.5`,
    });
    bench({
      metric: `${name}: ${thousands(size)} indicators, peak RSS`,
      value: Number(med(runs[name], "rssMiB").toFixed(1)),
      unit: "MiB",
      baseline: Number(med(runs.floor, "rssMiB").toFixed(1)),
      ratio: Number(median(r.rss).toFixed(3)),
      note: `maxRSS of the process (${range(r.rss)}); target ≤ 1.3`,
    });
  }
}
const [small, large] = [SIZES[0] as number, SIZES.at(-1) as number];
bench({
  metric: `taxiway peak RSS, ${thousands(large)} vs ${thousands(small)} indicators`,
  value: Number(med(figures[large]?.taxiway, "rssMiB").toFixed(1)),
  unit: "MiB",
  baseline: Number(med(figures[small]?.taxiway, "rssMiB").toFixed(1)),
  ratio: Number((med(figures[large]?.taxiway, "rssMiB") / med(figures[small]?.taxiway, "rssMiB")).toFixed(3)),
  note: `median peak RSS of taxiway at ${thousands(large)} over ${thousands(small)} indicators; flat (≈ 1.0): memory is bounded by the pages in flight, not by the collection`,
});
for (const [size, { figures: py, taxiway }] of Object.entries(python)) {
  bench({
    metric: `OASIS Python stack: ${thousands(Number(size))} indicators TAXII → CSV, wall`,
    value: Math.round(taxiway.wallMs),
    unit: "ms (taxiway)",
    baseline: Math.round(py.wallMs),
    ratio: Number((py.wallMs / taxiway.wallMs).toFixed(1)),
    note: `Python wall / taxiway wall, one run each, back to back (Python CPU ${Math.round(py.cpuMs)} ms, RSS ${py.rssMiB.toFixed(0)} MiB); target ≥ 50`,
  });
}

const rate = (size: number, runs: ChildFigures[] | undefined) => size / (med(runs, "wallMs") / 1000);
const series = [
  {
    name: "taxiway",
    color: "#1f77b4",
    points: SIZES.map((s) => [s, rate(s, figures[s]?.taxiway)] as [number, number]),
  },
  {
    name: "taxiway, commit 10 pages",
    color: "#2ca02c",
    points: SIZES.map(
      (s) => [s, rate(s, figures[s]?.["taxiway, commit_every 10 pages"])] as [number, number],
    ),
  },
  {
    name: "taxiway, source worker",
    color: "#9467bd",
    points: SIZES.map((s) => [s, rate(s, figures[s]?.["taxiway, source worker"])] as [number, number]),
  },
  {
    name: "naive floor script",
    color: "#7f7f7f",
    points: SIZES.map((s) => [s, rate(s, figures[s]?.floor)] as [number, number]),
  },
  {
    name: "OASIS Python stack",
    color: "#d62728",
    points: Object.entries(python).map(
      ([s, { figures: py }]) => [Number(s), Number(s) / (py.wallMs / 1000)] as [number, number],
    ),
  },
].filter((s) => s.points.length > 0);
// The README's plot is the full default run's: a quick or hand-sized run writes its plot to the temp directory.
const fullRun =
  !QUICK && process.env.TAXIWAY_E2E_SIZES === undefined && process.env.TAXIWAY_E2E_ROUNDS === undefined;
const plot = fullRun
  ? join(ROOT, "docs/end-to-end-throughput.svg")
  : join(tmpdir(), "taxiway-end-to-end-throughput.svg");
await mkdir(dirname(plot), { recursive: true });
await writeFile(
  plot,
  throughputSvg(series, "TAXII → CSV end to end, 2 shared cores (pnpm bench -- cli/bench/end-to-end)"),
);
console.log(
  `end-to-end: wrote ${plot}${fullRun ? "" : " (not a full default run: the README's plot is left as it is)"}`,
);
