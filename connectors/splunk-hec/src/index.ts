import { defineConnector } from "@taxiway/core";
import { configSchema, resolveConfig, type SplunkHecConfig } from "./config.js";
import { SplunkHecSink } from "./sink.js";

export type { SplunkHecConfig } from "./config.js";
export { hecEvent, hecEventFields, hecTime } from "./event.js";
export { SplunkHecSink } from "./sink.js";

export const connector = defineConnector<SplunkHecConfig>({
  type: "splunk-hec",
  version: "0.1.0",
  coreVersion: "^0.1.0",
  configSchema,
  create: (config, context) => new SplunkHecSink(resolveConfig(config, context.job), context),
  // HEC indexes every event it is sent; Splunk has no upsert by key.
  appendsOnReplay: () => true,
});

export default connector;
