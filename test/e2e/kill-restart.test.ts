import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import {
  type Fault,
  generatedIndicators,
  startTaxiiServer,
  type TaxiiServer,
} from "@taxiway/testkit/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, taxiway } from "./binary.js";

const COUNT = 20_000;
let server: TaxiiServer;
let faulty: TaxiiServer;

function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

beforeAll(async () => {
  const objects = generatedIndicators(COUNT, 7);
  server = await startTaxiiServer({ collections: [{ id: "big", title: "Big", objects }] });
  const random = seeded(99);
  const faults: Fault[] = [
    { reset: true },
    { status: 503, headers: { "retry-after": "0" } },
    { status: 429, headers: { "retry-after": "0" } },
    { status: 502, body: "<html><body>Bad gateway</body></html>", headers: { "content-type": "text/html" } },
  ];
  faulty = await startTaxiiServer({
    collections: [{ id: "big", title: "Big", objects }],
    fault: (n) => (n > 3 && random() < 0.12 ? faults[Math.floor(random() * faults.length)] : undefined),
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await faulty?.close();
});

/** The settings every kill test runs with: commit each page or in groups, the source on the main thread or in its worker. */
const SETTINGS = [
  { label: "commit every page, main thread", delivery: "{ prefetch: 1, worker: false }" },
  { label: "commit every page, source worker", delivery: "{ prefetch: 1, worker: true }" },
  {
    label: "group commit (commit_every: 7 pages or 1s), source worker",
    delivery: "{ prefetch: 1, worker: true, commit_every: { pages: 7, interval: 1s } }",
  },
];

async function job(dir: string, url: string, delivery: string) {
  const path = join(dir, "job.yaml");
  await writeFile(
    path,
    `name: big
source: { type: taxii, url: "${url}", collection: big, page_size: 100, retries: 8 }
delivery: ${delivery}
logging: { level: debug }
sinks:
  - { type: csv, id: out, path: ./out/big.csv, columns: [type, value, stix_id], line_ending: lf }
`,
  );
  return path;
}

/**
 * Starts a run and kills it with SIGKILL once it has delivered `pages` pages (counted from its debug log, so a
 * loaded machine cannot make the kill land before the run starts or after it ends), `delayMs` later: anywhere
 * inside the next page. Resolves true when the kill landed mid-run, false when the run finished first.
 */
function runAndKill(path: string, pages: number, delayMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "run", path], { stdio: ["ignore", "ignore", "pipe"] });
    let seen = 0;
    let timer: NodeJS.Timeout | undefined;
    createInterface({ input: child.stderr }).on("line", (line) => {
      if (!line.includes('"msg":"page delivered')) return;
      if (++seen === pages) timer = setTimeout(() => child.kill("SIGKILL"), delayMs);
    });
    child.on("exit", (_code, signal) => {
      clearTimeout(timer);
      resolve(signal === "SIGKILL");
    });
  });
}

async function assertExactlyOnce(dir: string) {
  const rows = (await readFile(join(dir, "out/big.csv"), "utf8")).trimEnd().split("\n").slice(1);
  const expected = new Set(generatedIndicators(COUNT, 7).map((o) => o.id));
  const seen = new Map<string, number>();
  for (const row of rows) {
    const id = row.split(",")[2] as string;
    seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  const doubled = [...seen.entries()].filter(([, n]) => n > 1);
  const missing = [...expected].filter((id) => !seen.has(id));
  expect({ rows: rows.length, doubled: doubled.length, missing: missing.length }).toEqual({
    rows: COUNT,
    doubled: 0,
    missing: 0,
  });
}

describe.each(SETTINGS)(
  "kill -9 at random moments, then restart: every IOC exactly once ($label)",
  ({ delivery }) => {
    it("20 kills across consecutive runs of a 20k-object feed", async () => {
      const dir = await mkdtemp(join(tmpdir(), "taxiway-kill-"));
      const path = await job(dir, server.url, delivery);
      const random = seeded(2026);
      let interrupted = 0;
      for (let kill = 0; kill < 20; kill++)
        if (await runAndKill(path, 1 + Math.floor(random() * 8), Math.floor(random() * 40))) interrupted++;
      // The kills must really land mid-run: 20 kills of at most 9 pages each cannot finish 200 pages.
      expect(interrupted).toBeGreaterThanOrEqual(5);
      const final = await taxiway(["run", path, "--json"]);
      expect(final.code, final.stderr).toBe(0);
      await assertExactlyOnce(dir);
    }, 180_000);

    it("the same with resets, 429, 502 (HTML) and 503 injected by the server", async () => {
      const dir = await mkdtemp(join(tmpdir(), "taxiway-kill-faults-"));
      const path = await job(dir, faulty.url, delivery);
      const random = seeded(7);
      for (let kill = 0; kill < 8; kill++)
        await runAndKill(path, 1 + Math.floor(random() * 12), Math.floor(random() * 60));
      let final = await taxiway(["run", path, "--json"]);
      for (let attempt = 0; attempt < 3 && final.code !== 0; attempt++)
        final = await taxiway(["run", path, "--json"]);
      expect(final.code, final.stderr).toBe(0);
      await assertExactlyOnce(dir);
    }, 180_000);
  },
);
