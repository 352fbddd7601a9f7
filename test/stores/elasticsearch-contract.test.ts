import { SearchCheckpointStore } from "@taxiway/core";
import { runCheckpointStoreContract } from "@taxiway/testkit";
import { afterAll, beforeAll } from "vitest";
import { type StoreCluster, startStoreCluster } from "./clusters.js";

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
