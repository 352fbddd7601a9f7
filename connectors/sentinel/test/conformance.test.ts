import { runSinkConformance, sampleRecords } from "@taxiway/testkit";
import { afterAll } from "vitest";
import { connector, indicatorId, type SentinelSinkConfig } from "../src/index.js";
import { standIns } from "./stand-in.js";

const env = await standIns({ keep: "versions" });
afterAll(() => env.close());

// The stand-in holds indicators by STIX id; the kit's records are sampleRecords(n), whose keys map back.
const keyOf = new Map(sampleRecords(5000).map((record) => [indicatorId(record.key), record.key]));

await runSinkConformance<SentinelSinkConfig>({
  descriptor: connector,
  // The upload API goes through the kit's fault proxy; the token endpoint is the login stand-in itself.
  config: (kit) => env.config({ api_url: (kit.proxyUrl ?? env.api.url).replace(/\/$/, "") }),
  badConfig: () => env.config({ client_secret: "wrong-secret-1234" }),
  readBack: async () =>
    [...env.api.objects.values()].map((object) => ({
      key: keyOf.get(String(object.id)) ?? String(object.id),
      modified: String(object.modified),
      revoked: object.revoked === true,
    })),
  reset: async () => env.api.objects.clear(),
  secrets: ["client_secret"],
  semantics: "keyed",
  memory: { records: 10_000 },
  http: {
    upstream: () => env.api.url,
    maxInFlight: 1,
    faultBody: (status) =>
      status === 429
        ? { statusCode: 429, message: "Rate limit is exceeded. Try again in 0 seconds." }
        : { error: `injected ${status}` },
  },
});
