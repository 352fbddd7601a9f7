import { defineConnector } from "@taxiway/core";
import { configSchema, type KafkaSinkConfig, resolveConfig } from "./config.js";
import { KafkaSink } from "./sink.js";

export type { KafkaSinkConfig } from "./config.js";
export { classifyKafkaError } from "./errors.js";
export { HEADERS, type IocMessage, iocMessage } from "./message.js";
export { KafkaSink } from "./sink.js";

export const connector = defineConnector<KafkaSinkConfig>({
  type: "kafka",
  version: "0.1.0",
  coreVersion: "^0.1.0",
  configSchema,
  create: (config, context) => new KafkaSink(resolveConfig(config, context.baseDir), context),
  // Messages are keyed by the record key: on a compacted topic a replay replaces, it does not add.
  appendsOnReplay: () => false,
});

export default connector;
