import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

async function job(dir: string, url: string) {
  const path = join(dir, "job.yaml");
  await writeFile(
    path,
    `name: big
source: { type: taxii, url: "${url}", collection: big, page_size: 100, retries: 8 }
delivery: { prefetch: 1 }
logging: { level: warn }
sinks:
  - { type: csv, id: out, path: ./out/big.csv, columns: [type, value, stix_id], line_ending: lf }
`,
  );
  return path;
}

/** Starts a run and kills it with SIGKILL after `ms` (or lets it finish first). */
function runAndKill(path: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "run", path], { stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve();
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

describe("kill -9 at random moments, then restart: every IOC exactly once", () => {
  it("20 kills across consecutive runs of a 20k-object feed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-kill-"));
    const path = await job(dir, server.url);
    const random = seeded(2026);
    let interrupted = 0;
    for (let kill = 0; kill < 20; kill++) {
      await runAndKill(path, 150 + Math.floor(random() * 900));
      const checkpoint = await readFile(join(dir, "state/big.json"), "utf8").catch(() => "");
      const cursor = checkpoint ? JSON.parse(checkpoint).collections.big?.added_after : undefined;
      if (cursor && cursor < "2026-01-01T05:33:19.000Z") interrupted++;
    }
    // The kills must really land mid-run (cursor between the first and the last object's date_added).
    expect(interrupted).toBeGreaterThanOrEqual(5);
    const final = await taxiway(["run", path, "--json"]);
    expect(final.code, final.stderr).toBe(0);
    await assertExactlyOnce(dir);
  }, 180_000);

  it("the same with resets, 429, 502 (HTML) and 503 injected by the server", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-kill-faults-"));
    const path = await job(dir, faulty.url);
    const random = seeded(7);
    for (let kill = 0; kill < 8; kill++) await runAndKill(path, 300 + Math.floor(random() * 1500));
    let final = await taxiway(["run", path, "--json"]);
    for (let attempt = 0; attempt < 3 && final.code !== 0; attempt++)
      final = await taxiway(["run", path, "--json"]);
    expect(final.code, final.stderr).toBe(0);
    await assertExactlyOnce(dir);
  }, 180_000);
});
