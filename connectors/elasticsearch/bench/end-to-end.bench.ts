// TAXII → Elasticsearch end to end (issue 24): N generated indicators from the loopback TAXII fixture server into a
// real single-node Elasticsearch (test/cluster.ts starts one, or ES_URL), `taxiway run` (elasticsearch sink, file
// checkpoint, fresh state and a fresh index each round) as a child process against the naive floor script
// (bulk-floor.mjs: fetch, parse, a regex, an ECS document, one _bulk per page, one refresh at the end) writing an
// index with the same template, twice: with a small ECS document (the naive script's own), and with the very
// documents taxiway writes (same fields, STIX context, external version), which gives the cluster the same work.
// Rounds alternate the order; figures are medians, ratios the median of per-round ratios. The cluster's own CPU per
// contender comes from its node stats.
//   TAXIWAY_ES_E2E_SIZES=100000  sizes (default 100k; --quick: 20k)
//   TAXIWAY_ES_E2E_ROUNDS=5      rounds per size (default 5; --quick: 3)
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type ChildFigures,
  measureChild,
  measureTaxiway,
  median,
  USAGE_HOOK,
} from "../../../packages/cli/bench/child-run.ts";
import { startFixtureServer } from "../../../packages/cli/bench/fixture-server.ts";
import { indexTemplate } from "../src/template.ts";
import { startCluster } from "../test/cluster.ts";

const FLOOR = fileURLToPath(new URL("./bulk-floor.mjs", import.meta.url));
const QUICK = process.env.TAXIWAY_BENCH_QUICK === "1";
const SIZES = (process.env.TAXIWAY_ES_E2E_SIZES ?? (QUICK ? "20000" : "100000")).split(",").map(Number);
const ROUNDS = Number(process.env.TAXIWAY_ES_E2E_ROUNDS ?? (QUICK ? 3 : 5));
const TAXIWAY_INDEX = "bench-e2e-taxiway";
const FLOOR_INDEX = "bench-e2e-floor";
const FLOORS = {
  "floor, small documents": "small",
  "floor, taxiway's documents": "full",
} as const;
type Floor = keyof typeof FLOORS;

const bench = (row: Record<string, unknown>) =>
  console.log(`BENCH ${JSON.stringify({ bench: "elasticsearch-end-to-end", ...row })}`);
const thousands = (n: number) => n.toLocaleString("en-US");

const started = await startCluster();
if ("skip" in started) {
  console.log(`elasticsearch end-to-end bench skipped: ${started.skip}`);
  process.exit(0);
}
const cluster = started;
const authorization = `Basic ${Buffer.from(`${cluster.auth.username}:${cluster.auth.password}`).toString("base64")}`;

async function es(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${cluster.url}${path}`, {
    method,
    headers: { authorization, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (!response.ok && response.status !== 404) throw new Error(`${method} ${path}: HTTP ${response.status}`);
  return answer;
}

/** The cluster's CPU time so far (ms), from its node stats: what a contender costs the JVM. */
async function clusterCpuMs(): Promise<number> {
  const stats = (await es("GET", "/_nodes/_local/stats/process")) as {
    nodes: Record<string, { process: { cpu: { total_in_millis: number } } }>;
  };
  return Object.values(stats.nodes)[0]?.process.cpu.total_in_millis ?? 0;
}

/** Every indicator is in the index: a contender that wrote less is not measured as fast. */
async function expectCount(index: string, size: number): Promise<void> {
  await es("POST", `/${index}/_refresh`);
  const { count } = (await es("GET", `/${index}/_count`)) as { count: number };
  if (count !== size) throw new Error(`${index} holds ${count} documents, expected ${size}`);
}

interface Figures extends ChildFigures {
  clusterCpuMs: number;
}

async function measured(index: string, size: number, run: () => Promise<ChildFigures>): Promise<Figures> {
  const before = await clusterCpuMs();
  const figures = await run();
  const clusterCpu = (await clusterCpuMs()) - before;
  await expectCount(index, size);
  return { ...figures, clusterCpuMs: clusterCpu };
}

async function taxiwayRun(url: string, work: string, size: number): Promise<Figures> {
  await rm(join(work, "state"), { recursive: true, force: true });
  await es("DELETE", `/${TAXIWAY_INDEX}`);
  await writeFile(
    join(work, "job.yaml"),
    `name: bench
source: { type: taxii, url: "${url}", collection: bench, page_size: 1000 }
checkpoint: { path: ./state/bench.json }
logging: { level: warn }
sinks:
  - type: elasticsearch
    node: "${cluster.url}"
    index: ${TAXIWAY_INDEX}
    auth: { username: "${cluster.auth.username}", password: "${cluster.auth.password}" }
`,
  );
  return measured(TAXIWAY_INDEX, size, () => measureTaxiway(["run", "job.yaml"], { cwd: work }));
}

async function floorRun(url: string, size: number, documents: "small" | "full"): Promise<Figures> {
  await es("DELETE", `/${FLOOR_INDEX}`);
  const { name, ...template } = indexTemplate(FLOOR_INDEX, { name: `bench-${FLOOR_INDEX}` });
  await es("PUT", `/_index_template/${name}`, template);
  return measured(FLOOR_INDEX, size, () =>
    measureChild(process.execPath, ["--import", USAGE_HOOK, FLOOR, url, "bench", cluster.url, FLOOR_INDEX], {
      env: { ES_AUTHORIZATION: authorization, FLOOR_DOCUMENTS: documents },
    }),
  );
}

const work = await mkdtemp(join(tmpdir(), "taxiway-es-e2e-bench-"));
try {
  for (const size of SIZES) {
    const { url, child } = await startFixtureServer(size);
    try {
      await floorRun(url, size, "full"); // warm-up: the server's and the cluster's JIT, the page cache
      const contenders: Record<string, () => Promise<Figures>> = {
        taxiway: () => taxiwayRun(url, work, size),
        ...Object.fromEntries(
          Object.entries(FLOORS).map(([name, documents]) => [name, () => floorRun(url, size, documents)]),
        ),
      };
      const names = Object.keys(contenders);
      const runs: Record<string, Figures[]> = Object.fromEntries(names.map((n) => [n, []]));
      const ratios = Object.fromEntries(
        Object.keys(FLOORS).map((n) => [
          n,
          { rate: [] as number[], cpu: [] as number[], clusterCpu: [] as number[] },
        ]),
      ) as Record<Floor, { rate: number[]; cpu: number[]; clusterCpu: number[] }>;
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? names : [...names].reverse();
        const got: Record<string, Figures> = {};
        for (const name of order) got[name] = await (contenders[name] as () => Promise<Figures>)();
        const mine = got.taxiway as Figures;
        for (const name of names) runs[name]?.push(got[name] as Figures);
        for (const floorName of Object.keys(FLOORS) as Floor[]) {
          const floor = got[floorName] as Figures;
          ratios[floorName].rate.push(floor.wallMs / mine.wallMs);
          ratios[floorName].cpu.push(mine.cpuMs / floor.cpuMs);
          ratios[floorName].clusterCpu.push(mine.clusterCpuMs / floor.clusterCpuMs);
        }
        console.log(
          `elasticsearch-end-to-end ${thousands(size)} round ${round + 1}: ${names.map((n) => `${n} ${Math.round(got[n]?.wallMs ?? 0)} ms (CPU ${Math.round(got[n]?.cpuMs ?? 0)}, cluster ${got[n]?.clusterCpuMs})`).join("; ")}`,
        );
      }
      const med = (who: string, key: keyof Figures) => median((runs[who] ?? []).map((r) => r[key]));
      const range = (xs: number[]) => `rounds ${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
      for (const floorName of Object.keys(FLOORS) as Floor[]) {
        const r = ratios[floorName];
        bench({
          metric: `taxiway: ${thousands(size)} indicators TAXII → Elasticsearch, throughput vs ${floorName}`,
          value: Math.round(size / (med("taxiway", "wallMs") / 1000)),
          unit: "objects/s",
          baseline: Math.round(size / (med(floorName, "wallMs") / 1000)),
          ratio: Number(median(r.rate).toFixed(3)),
          note: `floor wall / taxiway wall (median ${Math.round(med("taxiway", "wallMs"))} ms vs ${Math.round(med(floorName, "wallMs"))} ms; ${range(r.rate)}); the cluster's CPU ${Math.round(med("taxiway", "clusterCpuMs"))} ms vs ${Math.round(med(floorName, "clusterCpuMs"))} ms (${range(r.clusterCpu)}); target ≥ 0.9`,
        });
        bench({
          metric: `taxiway: ${thousands(size)} indicators TAXII → Elasticsearch, CPU time vs ${floorName}`,
          value: Math.round(med("taxiway", "cpuMs")),
          unit: "ms",
          baseline: Math.round(med(floorName, "cpuMs")),
          ratio: Number(median(r.cpu).toFixed(3)),
          note: `user + system CPU of the process, the cluster's not included (${range(r.cpu)})`,
        });
      }
      bench({
        metric: `taxiway: ${thousands(size)} indicators TAXII → Elasticsearch, peak RSS`,
        value: Number(med("taxiway", "rssMiB").toFixed(1)),
        unit: "MiB",
        baseline: Number(med("floor, taxiway's documents", "rssMiB").toFixed(1)),
        ratio: Number((med("taxiway", "rssMiB") / med("floor, taxiway's documents", "rssMiB")).toFixed(3)),
        note: "maxRSS of the process; baseline: the floor writing taxiway's documents",
      });
    } finally {
      child.kill("SIGTERM");
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
  await es("DELETE", `/${TAXIWAY_INDEX},${FLOOR_INDEX}`).catch(() => undefined);
  await cluster.stop();
}
