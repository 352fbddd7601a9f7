import { defineConnector } from "@taxiway/core";
import { configSchema, resolveConfig, type SentinelSinkConfig } from "./config.js";
import { SentinelSink } from "./sink.js";

export { MAX_OBJECTS_PER_REQUEST, resolveConfig, type SentinelSinkConfig } from "./config.js";
export { indicatorId, iocPattern, sentinelIndicator } from "./indicator.js";
export { SentinelSink } from "./sink.js";

export const connector = defineConnector<SentinelSinkConfig>({
  type: "sentinel",
  version: "0.1.0",
  coreVersion: "^0.1.0",
  configSchema,
  create: (config, context) => new SentinelSink(resolveConfig(config), context),
  // Indicators are keyed by their STIX id (derived from the record key): a replay replaces, it does not add.
  appendsOnReplay: () => false,
});

export default connector;
