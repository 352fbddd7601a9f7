import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTaxiiClient, loadJobFile, runLoadedJob, type StixObject } from "@taxiway/core";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, taxiway } from "../e2e/binary.js";
import { memoryLogger } from "../support/logger.js";
import { MEDALLION_USER, type Medallion, startMedallion } from "../support/medallion.js";
import { ipv4Indicators } from "../support/objects.js";

// Issue 17, observation 1 (the blocker): medallion loaded the way it normally is — by POSTs. Every object of one
// POST gets the same date_added; pages are capped at max_page_size and one `next` token is reused across pages.
const COLLECTIONS = {
  runs: "a1000000-0000-4000-8000-000000000001",
  sigterm: "a1000000-0000-4000-8000-000000000002",
  kill: "a1000000-0000-4000-8000-000000000003",
};
const started = await startMedallion(
  Object.entries(COLLECTIONS).map(([title, id]) => ({ id, title, can_write: true })),
  { maxPageSize: 20 },
);
const skip = "skip" in started ? started.skip : undefined;
const peer = started as Medallion;
afterAll(() => (skip ? undefined : peer.stop()));

async function post(collection: string, objects: StixObject[]): Promise<void> {
  const { logger } = memoryLogger();
  const { client, http } = createTaxiiClient(
    { type: "taxii", url: peer.url, auth: { type: "basic", ...MEDALLION_USER }, retries: 1 },
    { logger },
  );
  try {
    await client.addObjects(`${peer.apiRoot}collections/${collection}/`, objects);
  } finally {
    await http.close();
  }
}

async function jobFile(collection: string, pageSize = 1000): Promise<{ dir: string; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), "taxiway-medallion-tie-"));
  const path = join(dir, "job.yaml");
  await writeFile(
    path,
    `name: tie
source:
  type: taxii
  url: "${peer.url}"
  collection: ${collection}
  page_size: ${pageSize}
  retries: 1
  auth: { type: basic, username: ${MEDALLION_USER.username}, password: ${MEDALLION_USER.password} }
logging: { level: warn }
sinks:
  - { type: csv, id: out, path: ./out/tie.csv, columns: [type, value, stix_id], line_ending: lf }
`,
  );
  return { dir, path };
}

/** stix_id → how many CSV rows carry it. */
async function rowsById(dir: string): Promise<Map<string, number>> {
  const file = join(dir, "out/tie.csv");
  const counts = new Map<string, number>();
  if (!existsSync(file)) return counts;
  for (const row of (await readFile(file, "utf8")).trimEnd().split("\n").slice(1)) {
    const id = row.split(",")[2] as string;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

async function expectExactlyOnce(dir: string, objects: StixObject[]): Promise<void> {
  const counts = await rowsById(dir);
  expect([...counts.keys()].sort()).toEqual(objects.map((o) => o.id).sort());
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
}

describe.skipIf(skip !== undefined)(
  "medallion at max_page_size 20, one POST of 54 indicators (issue 17 #1)",
  () => {
    it("run 1 delivers the block; runs 2..n exit 0 and deliver each later POST, every object once", async () => {
      const { dir, path } = await jobFile(COLLECTIONS.runs);
      const block = ipv4Indicators(54, 10_000);
      await post(COLLECTIONS.runs, block);
      expect((await taxiway(["run", path])).code).toBe(0);
      await expectExactlyOnce(dir, block);
      // Today's main exits 1 here: "…gives no usable way to reach them (the same next token again…)".
      const second = await taxiway(["run", path, "--json"]);
      expect(second.code).toBe(0);
      await expectExactlyOnce(dir, block);
      const later = ipv4Indicators(10, 20_000);
      await post(COLLECTIONS.runs, later);
      expect((await taxiway(["run", path])).code).toBe(0);
      const big = ipv4Indicators(45, 30_000);
      await post(COLLECTIONS.runs, big);
      expect((await taxiway(["run", path])).code).toBe(0);
      const last = await taxiway(["run", path, "--json"]);
      expect(last.code).toBe(0);
      await expectExactlyOnce(dir, [...block, ...later, ...big]);
      expect(last.stdout).toMatch(/"strategy": ?"header"/);
    });

    it("a graceful stop (SIGTERM: the runner's abort signal) after 2 pages of the block, then resumed: every object once", async () => {
      const { dir, path } = await jobFile(COLLECTIONS.sigterm, 20);
      const block = ipv4Indicators(54, 40_000);
      await post(COLLECTIONS.sigterm, block);
      const loaded = await loadJobFile(path);
      const controller = new AbortController();
      let pages = 0;
      const summary = await runLoadedJob(loaded, {
        logger: memoryLogger().logger,
        signal: controller.signal,
        onPage: (_summary, page) => {
          if (page.objectCount > 0 && ++pages === 2) controller.abort();
        },
      });
      expect(summary.status).toBe("stopped");
      expect((await rowsById(dir)).size).toBe(40);
      expect((await taxiway(["run", path])).code).toBe(0);
      await expectExactlyOnce(dir, block);
      const later = ipv4Indicators(7, 50_000);
      await post(COLLECTIONS.sigterm, later);
      expect((await taxiway(["run", path])).code).toBe(0);
      await expectExactlyOnce(dir, [...block, ...later]);
    });

    it("kill -9 of the taxiway child while it walks the block, then resumed: every object once", async () => {
      const { dir, path } = await jobFile(COLLECTIONS.kill, 5);
      const block = ipv4Indicators(54, 60_000);
      await post(COLLECTIONS.kill, block);
      await new Promise<void>((resolve) => {
        const child = spawn(process.execPath, [BIN, "run", path], { stdio: "ignore" });
        const watcher = setInterval(() => {
          void rowsById(dir).then((rows) => {
            if (rows.size > 0) child.kill("SIGKILL");
          });
        }, 5);
        child.on("exit", () => {
          clearInterval(watcher);
          resolve();
        });
      });
      expect((await taxiway(["run", path])).code).toBe(0);
      await expectExactlyOnce(dir, block);
      expect((await taxiway(["run", path])).code).toBe(0);
      await expectExactlyOnce(dir, block);
    });
  },
);
