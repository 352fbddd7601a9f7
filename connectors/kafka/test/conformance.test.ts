import { runSinkConformance } from "@taxiway/testkit";
import { afterAll, describe, it } from "vitest";
import { connector, type KafkaSinkConfig } from "../src/index.js";
import { createTopic, newestPerKey, readTopic, SASL_USER, startBroker } from "./broker.js";

const broker = await startBroker();

if ("skip" in broker) {
  describe.skip(`kafka sink conformance: ${broker.skip}`, () => it("needs a broker", () => {}));
} else {
  afterAll(() => broker.stop());
  let case_ = 0;
  let topic = "";
  await runSinkConformance<KafkaSinkConfig>({
    descriptor: connector,
    config: () => ({ brokers: [broker.bootstrap], topic, max_batch_bytes: 200_000 }),
    // A password the broker does not know, on its SASL listener: authentication fails, never retried.
    badConfig: () => ({
      brokers: [broker.saslBootstrap as string],
      topic: "conformance-unused",
      sasl: { mechanism: "SCRAM-SHA-512", username: SASL_USER.username, password: "wrong-password-123" },
    }),
    readBack: async () =>
      [...newestPerKey(await readTopic(broker.bootstrap, topic)).values()].map((message) => ({
        key: message.key,
        modified: message.headers["taxiway-modified"],
      })),
    // Every case gets a compacted topic of its own.
    reset: async () => {
      topic = `conformance-${++case_}`;
      await createTopic(broker.bootstrap, topic);
    },
    secrets: ["sasl.password", "tls.key_password"],
    semantics: "keyed",
    memory: { records: 20_000 },
  });
}
