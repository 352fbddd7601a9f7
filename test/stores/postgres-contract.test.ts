import { PostgresCheckpointStore } from "@taxiway/core";
import { runCheckpointStoreContract } from "@taxiway/testkit";
import { type PostgresPeer, startPostgresPeer } from "@taxiway/testkit/fixtures";
import { afterAll, beforeAll } from "vitest";

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
