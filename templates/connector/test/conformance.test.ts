import { runSinkConformance } from "@taxiway/testkit";
import { afterAll } from "vitest";
import { connector, type ExampleSinkConfig } from "../src/index.js";
import { Receiver } from "./receiver.js";

const receiver = await Receiver.start("conformance-token-value");
afterAll(() => receiver.close());

await runSinkConformance<ExampleSinkConfig>({
  descriptor: connector,
  config: (env) => ({
    url: env.proxyUrl ?? receiver.url,
    token: receiver.token,
    batch_size: 500,
    max_in_flight: 2,
  }),
  badConfig: (env) => ({ url: env.proxyUrl ?? receiver.url, token: "wrong-token-value" }),
  readBack: async () => [...receiver.held.values()],
  reset: async () => receiver.held.clear(),
  secrets: ["token"],
  semantics: "keyed",
  http: {
    upstream: () => receiver.url,
    maxInFlight: 2,
    injectPartialFailure: (proxy) =>
      proxy.inject({
        status: 200,
        times: 1,
        body: {
          results: Array.from({ length: 10 }, (_, i) =>
            i < 5
              ? { status: "ok" }
              : { status: "error", retryable: i % 2 === 0, message: "mapping rejected" },
          ),
        },
      }),
  },
});
