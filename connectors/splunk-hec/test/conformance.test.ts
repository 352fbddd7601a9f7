import { runSinkConformance } from "@taxiway/testkit";
import { HecReceiver } from "@taxiway/testkit/fixtures";
import { afterAll } from "vitest";
import { connector, type SplunkHecConfig } from "../src/index.js";

const TOKEN = "11111111-2222-4333-8444-555555555555";
const receiver = await HecReceiver.start({
  tokens: { [TOKEN]: { ack: true } },
  ackDelayMs: 20,
  keep: "keys",
});
afterAll(() => receiver.close());

await runSinkConformance<SplunkHecConfig>({
  descriptor: connector,
  config: (env) => ({
    url: env.proxyUrl ?? receiver.url,
    token: TOKEN,
    ack: true,
    max_in_flight: 2,
    max_batch_bytes: 200_000,
  }),
  badConfig: (env) => ({ url: env.proxyUrl ?? receiver.url, token: "wrong-token-0000", ack: true }),
  readBack: async () =>
    receiver.events.map((e) => ({
      key: String(e.event.ioc_key),
      modified: e.event.modified as string | undefined,
    })),
  reset: async () => receiver.clear(),
  secrets: ["token"],
  semantics: "at-least-once",
  http: {
    upstream: () => receiver.url,
    maxInFlight: 2,
    faultBody: (status) =>
      status === 503
        ? { text: "Server is busy", code: 9 }
        : status === 429
          ? { text: "Too many requests", code: 9 }
          : { text: "Invalid data format", code: 6, "invalid-event-number": 0 },
  },
});
