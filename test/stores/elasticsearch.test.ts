import { SearchCheckpointStore } from "@taxiway/core";
import { runCheckpointStoreContract } from "@taxiway/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
