import { describeDeliveryFaults, type FaultKind } from "@taxiway/testkit";
import { HecReceiver } from "@taxiway/testkit/fixtures";
import { afterAll } from "vitest";
import { connector as esIntel, type SplunkEsIntelConfig } from "../src/es-intel/index.js";
import { connector, type SplunkHecConfig } from "../src/index.js";
import { FakeKvStore } from "./kv-store.js";

const TOKEN = "11111111-2222-4333-8444-555555555555";
/** What the next requests to the event endpoint meet, in order (armed by the suite's I/O injector). */
type HecFault = "busy" | "error" | "lose-data";
const upcoming: HecFault[] = [];
const receiver = await HecReceiver.start({
  tokens: { [TOKEN]: { ack: true } },
  keep: "keys",
  fault: () => upcoming.shift(),
});
afterAll(() => receiver.close());

// HEC faults: ENOSPC → 503 server busy; EIO → 500; timeout → the indexer loses the batch and its ackId never turns
// true (the sink resends it after ack_timeout); partial → the same, and the resends meet a busy server, so the batch
// is in no one's hands when the write or flush gives up.
const HEC_FAULTS: Record<FaultKind, HecFault[]> = {
  ENOSPC: ["busy"],
  EIO: ["error"],
  timeout: ["lose-data"],
  partial: ["lose-data", "busy", "busy", "busy", "busy"],
};

await describeDeliveryFaults<SplunkHecConfig>({
  descriptor: connector,
  config: () => ({
    url: receiver.url,
    token: TOKEN,
    ack: true,
    ack_timeout: "50ms",
    max_pending_acks: 1,
    max_batch_bytes: 4096,
  }),
  readBack: async () => receiver.events.map((e) => String(e.event.ioc_key)),
  reset: async () => {
    upcoming.length = 0;
    receiver.clear();
  },
  semantics: "at-least-once",
  io: {
    inject: (kind) => upcoming.push(...HEC_FAULTS[kind]),
    disarm: () => {
      upcoming.length = 0;
    },
  },
  numRuns: 12,
});

const KV_TOKEN = "es-intel-token-0123456789";
const kv = await FakeKvStore.start(`Bearer ${KV_TOKEN}`);
afterAll(() => kv.close());

// The KV store upserts by _key: the wrapper fails calls around the sink (before it, after it, half-way).
await describeDeliveryFaults<SplunkEsIntelConfig>({
  descriptor: esIntel,
  config: () => ({ url: kv.url, auth: { token: KV_TOKEN } }),
  readBack: async () => kv.rows("ip_intel").map((row) => String(row._key)),
  reset: async () => kv.clear(),
  semantics: "exactly-once",
  numRuns: 12,
});
