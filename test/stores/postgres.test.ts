import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PostgresCheckpointStore } from "@taxiway/core";
import { runCheckpointStoreContract } from "@taxiway/testkit";
import { type PostgresPeer, startPostgresPeer, startTaxiiServer } from "@taxiway/testkit/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { taxiway } from "../e2e/binary.js";
import { ipv4Indicators } from "../support/objects.js";
import { deliveryErrors, interleavedOwners, runFleet } from "./fleet.js";

let peer: PostgresPeer | { skip: string } | undefined;
beforeAll(async () => {
  peer = await startPostgresPeer();
});
afterAll(async () => {
  if (peer && "stop" in peer) await peer.stop();
});

await runCheckpointStoreContract({
  name: "postgres",
  seenIndexGuarded: true,
  skip: () => (peer && "skip" in peer ? peer.skip : undefined),
  open: (_job, { leaseTtlMs }) =>
    new PostgresCheckpointStore({ url: (peer as PostgresPeer).url, leaseTtlMs }),
});

describe("a fleet on one PostgreSQL store", () => {
  it("3 workers, kill -9 after seeded commit counts, then a final run: every IOC lands exactly once and no two workers' commits interleave", async (context) => {
    if (!peer || "skip" in peer) return context.skip(peer && "skip" in peer ? peer.skip : "no peer");
    const store = new PostgresCheckpointStore({ url: peer.url });
    try {
      const outcome = await runFleet(
        {
          checkpointYaml: `{ type: postgres, url: "${peer.url}", lease_ttl: 2s }`,
          history: (job) => store.history(job),
          holder: async (job) => (await store.leaseHolder(job))?.owner,
        },
        { job: "fleet-pg", seed: 20261201, kills: 8 },
      );
      expect(outcome.finalExit, outcome.finalStderr).toBe(0);
      expect(outcome.kills).toBe(8);
      expect(deliveryErrors(outcome.rows, outcome.expectedIds)).toEqual({ duplicated: [], missing: [] });
      expect(outcome.history.map((entry) => entry.revision)).toEqual(
        outcome.history.map((_, index) => index + 1),
      );
      expect(interleavedOwners(outcome.history)).toEqual([]);
      expect(new Set(outcome.history.map((entry) => entry.owner)).size).toBeGreaterThan(1);
      console.info(
        `fleet on postgres: ${outcome.runs} runs, ${outcome.lockedExits} refused (exit 3), ${outcome.kills} kills (${outcome.holderKills} of the holder), ${outcome.history.length} commits`,
      );
    } finally {
      await store.close();
    }
  }, 600_000);
});

describe("secrets in the PostgreSQL URL", () => {
  it("are masked in `check`, `state show` and the logs of a run", async (context) => {
    if (!peer || "skip" in peer) return context.skip(peer && "skip" in peer ? peer.skip : "no peer");
    const { password, url } = peer;
    const dir = await mkdtemp(join(tmpdir(), "taxiway-pg-mask-"));
    const feed = await startTaxiiServer({
      collections: [{ id: "c1", title: "C", objects: ipv4Indicators(5) }],
    });
    try {
      const path = join(dir, "job.yaml");
      await writeFile(
        path,
        `name: masked
source: { type: taxii, url: "${feed.url}", collection: c1 }
checkpoint: { type: postgres, url: "${url}" }
sinks: [{ type: csv, path: ./out.csv }]
`,
      );
      const masked = url.replace(password, "***");
      const run = await taxiway(["run", path, "--log-level", "debug"], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      const check = await taxiway(["check", path], { cwd: dir });
      expect(check.code, check.stdout + check.stderr).toBe(0);
      expect(check.stdout).toContain(`checkpoint ${masked}`);
      const show = await taxiway(["state", path, "show"], { cwd: dir });
      expect(show.code, show.stderr).toBe(0);
      expect(show.stdout).toContain(masked);
      expect(show.stdout).toMatch(/revision \d+/);
      const reset = await taxiway(["state", path, "reset", "--force"], { cwd: dir });
      expect(reset.code, reset.stderr).toBe(0);
      expect(reset.stdout).toContain(masked);
      expect((await taxiway(["state", path, "show"], { cwd: dir })).stdout).toContain(
        "no checkpoint yet for job masked",
      );
      const wrong = url.replace(password, `${password}-wrong`);
      await writeFile(path, (await readFile(path, "utf8")).replace(url, wrong));
      const refused = await taxiway(["state", path, "show"], { cwd: dir });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("CHECKPOINT_STORE_AUTH");
      for (const output of [run, check, show, reset, refused])
        expect(output.stdout + output.stderr).not.toContain(password);
    } finally {
      await feed.close();
    }
  });
});

describe("the seen-index of a cursorless feed in PostgreSQL", () => {
  it.for([
    { thread: "main thread", job: "pg-seen", worker: false },
    { thread: "source worker", job: "pg-seen-worker", worker: true },
  ])(
    "no date headers, no manifest: polls keep the seen-index in taxiway_seen (no SQLite file), each version is written once ($thread)",
    async ({ job, worker }, context) => {
      if (!peer || "skip" in peer) return context.skip(peer && "skip" in peer ? peer.skip : "no peer");
      const feed = await startTaxiiServer({
        collections: [{ id: "c1", title: "Indicators", objects: ipv4Indicators(3) }],
        quirks: { noDateHeaders: true, noManifest: true },
      });
      const dir = await mkdtemp(join(tmpdir(), "taxiway-pg-seen-"));
      const store = new PostgresCheckpointStore({ url: peer.url });
      try {
        const path = join(dir, "job.yaml");
        await writeFile(
          path,
          `name: ${job}
source: { type: taxii, url: "${feed.url}", collection: c1, page_size: 2, retries: 1 }
checkpoint: { type: postgres, url: "${peer.url}" }
delivery: { worker: ${worker} }
sinks:
  - { type: csv, id: out, path: ./out/seen.csv, columns: [type, value, stix_id], line_ending: lf, mode: append }
`,
        );
        const rows = async () =>
          (await readFile(join(dir, "out/seen.csv"), "utf8")).trimEnd().split("\n").slice(1);
        let last = await taxiway(["run", path, "--json"], { cwd: dir });
        for (let poll = 0; poll < 2; poll++) {
          expect(last.code, last.stderr).toBe(0);
          last = await taxiway(["run", path, "--json"], { cwd: dir });
        }
        expect(last.code, last.stderr).toBe(0);
        expect(JSON.parse(last.stdout).collections.c1.strategy).toBe("seen-index");
        expect(await rows()).toHaveLength(3);
        expect(await store.seenIndex(job, "c1").size()).toBe(3);
        expect(existsSync(join(dir, "state"))).toBe(false);
        feed.add("c1", ipv4Indicators(2, 100));
        expect((await taxiway(["run", path], { cwd: dir })).code).toBe(0);
        expect(new Set((await rows()).map((row) => row.split(",")[2])).size).toBe(5);
        expect(await rows()).toHaveLength(5);
      } finally {
        await store.close();
        await feed.close();
      }
    },
  );
});
