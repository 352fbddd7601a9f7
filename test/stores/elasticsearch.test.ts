import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SearchCheckpointStore } from "@taxiway/core";
import { runCheckpointStoreContract } from "@taxiway/testkit";
import { startTaxiiServer } from "@taxiway/testkit/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { taxiway } from "../e2e/binary.js";
import { ipv4Indicators } from "../support/objects.js";
import { type StoreCluster, startStoreCluster } from "./clusters.js";
import { deliveryErrors, interleavedOwners, runFleet } from "./fleet.js";

let cluster: StoreCluster | { skip: string } | undefined;
beforeAll(async () => {
  cluster = await startStoreCluster("Elasticsearch");
});
afterAll(async () => {
  if (cluster && "stop" in cluster) await cluster.stop();
});

await runCheckpointStoreContract({
  name: "elasticsearch",
  seenIndexGuarded: true,
  skip: () => (cluster && "skip" in cluster ? cluster.skip : undefined),
  open: (_job, { leaseTtlMs }) => {
    const { url, auth } = cluster as StoreCluster;
    return new SearchCheckpointStore({
      url,
      leaseTtlMs,
      index: "taxiway-contract",
      ...(auth ? { auth } : {}),
    });
  },
});

describe("the history of an Elasticsearch store", () => {
  // Found by the fleet test in CI: a worker killed between the job document's PUT and its history entry left a gap.
  it("a commit whose history entry was never written (kill -9 between the two writes) is recorded by the next worker's lease", async (context) => {
    if (!cluster || "skip" in cluster)
      return context.skip(cluster && "skip" in cluster ? cluster.skip : "none");
    const { url, auth } = cluster;
    const open = () =>
      new SearchCheckpointStore({
        url,
        index: "taxiway-history-gap",
        leaseTtlMs: 1,
        ...(auth ? { auth } : {}),
      });
    const first = open();
    const job = "history-gap";
    await first.reset(job);
    const lease = await first.lock(job);
    await first.commit(job, { collections: {}, sinks: {} }, 0, lease);
    await first.commit(job, { collections: {}, sinks: {} }, 1, lease);
    const base = url.replace(/\/$/, "");
    const headers: Record<string, string> = auth
      ? { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}` }
      : {};
    const removed = await fetch(
      `${base}/taxiway-history-gap-history/_doc/${encodeURIComponent(`${job}:2`)}?refresh=true`,
      {
        method: "DELETE",
        headers,
      },
    );
    expect(removed.status).toBe(200);
    expect((await first.history(job)).map((entry) => entry.revision)).toEqual([1]);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the 1 ms lease has expired: a takeover
    const second = open();
    const taken = await second.lock(job);
    const history = await second.history(job);
    expect(history.map((entry) => [entry.revision, entry.owner])).toEqual([
      [1, lease.owner],
      [2, lease.owner],
    ]);
    await taken.release();
    await first.close?.();
    await second.close?.();
  });
});

describe("a fleet on one Elasticsearch store", () => {
  it("3 workers, kill -9 after seeded commit counts, then a final run: every IOC lands exactly once and no two workers' commits interleave", async (context) => {
    if (!cluster || "skip" in cluster)
      return context.skip(cluster && "skip" in cluster ? cluster.skip : "none");
    const { url, auth } = cluster;
    const store = new SearchCheckpointStore({ url, index: "taxiway-fleet", ...(auth ? { auth } : {}) });
    try {
      const outcome = await runFleet(
        {
          checkpointYaml: `{ type: elasticsearch, url: "${url}", index: taxiway-fleet, lease_ttl: 2s${
            auth ? `, auth: { username: ${auth.username}, password: ${auth.password} }` : ""
          } }`,
          history: (job) => store.history(job),
          holder: async (job) => (await store.leaseHolder(job))?.owner,
        },
        { job: "fleet-es", seed: 20261202, kills: 8 },
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
        `fleet on elasticsearch: ${outcome.runs} runs, ${outcome.lockedExits} refused (exit 3), ${outcome.kills} kills (${outcome.holderKills} of the holder), ${outcome.history.length} commits`,
      );
    } finally {
      await store.close();
    }
  }, 600_000);
});

describe("the CLI with the elasticsearch store", () => {
  it("check, state show, state set and state reset work on the job document; the password never shows", async (context) => {
    if (!cluster || "skip" in cluster)
      return context.skip(cluster && "skip" in cluster ? cluster.skip : "none");
    const { url, auth } = cluster;
    const feed = await startTaxiiServer({
      collections: [{ id: "c1", title: "C", objects: ipv4Indicators(5) }],
    });
    const dir = await mkdtemp(join(tmpdir(), "taxiway-es-state-"));
    try {
      const path = join(dir, "job.yaml");
      await writeFile(
        path,
        `name: es-state
source: { type: taxii, url: "${feed.url}", collection: c1 }
checkpoint: { type: elasticsearch, url: "${url}", index: taxiway-cli${
          auth ? `, auth: { username: ${auth.username}, password: ${auth.password} }` : ""
        } }
sinks: [{ type: csv, path: ./out.csv, mode: snapshot }]
`,
      );
      const outputs = [
        await taxiway(["run", path], { cwd: dir }),
        await taxiway(["check", path], { cwd: dir }),
      ];
      expect(outputs.map((output) => output.code)).toEqual([0, 0]);
      expect(outputs[1]?.stdout).toMatch(
        /ok\s+checkpoint http:\/\/127\.0\.0\.1:\d+\/ index taxiway-cli: readable, revision \d+/,
      );
      const show = await taxiway(["state", path, "show", "--json"], { cwd: dir });
      expect(show.code, show.stderr).toBe(0);
      expect(JSON.parse(show.stdout)).toMatchObject({ job: "es-state", collections: { c1: {} } });
      const set = await taxiway(["state", path, "set", "--added-after", "2026-01-01T00:00:00.000Z"], {
        cwd: dir,
      });
      expect(set.code, set.stderr).toBe(0);
      const moved = JSON.parse((await taxiway(["state", path, "show", "--json"], { cwd: dir })).stdout);
      expect(moved.collections.c1.added_after).toBe("2026-01-01T00:00:00.000Z");
      const reset = await taxiway(["state", path, "reset"], { cwd: dir });
      expect(reset.code, reset.stderr).toBe(0);
      const after = await taxiway(["state", path, "show"], { cwd: dir });
      expect(after.stdout).toContain("no checkpoint yet for job es-state");
      for (const output of [...outputs, show, set, reset, after])
        if (auth) expect(output.stdout + output.stderr).not.toContain(auth.password);
    } finally {
      await feed.close();
    }
  });
});
