import { defineConnector } from "@taxiway/core";
import { configSchema, resolveEsIntelConfig, type SplunkEsIntelConfig } from "./config.js";
import { SplunkEsIntelSink } from "./sink.js";

export type { SplunkEsIntelConfig } from "./config.js";
export { INTEL_COLLECTIONS, type IntelCollection, type IntelRow, intelRows, weightOf } from "./rows.js";
export { SplunkEsIntelSink } from "./sink.js";

/** `type: splunk-es-intel`: Enterprise Security threat-intelligence collections through the KV-store REST API. */
export const connector = defineConnector<SplunkEsIntelConfig>({
  type: "splunk-es-intel",
  version: "0.1.0",
  coreVersion: "^0.1.0",
  configSchema,
  create: (config, context) => new SplunkEsIntelSink(resolveEsIntelConfig(config), context),
  sweep: () => true,
});

export default connector;
