import { defineConnector } from "@taxiway/core";
import { configSchema, type TaxiiSinkConfig } from "./config.js";
import { TaxiiSink } from "./taxii-sink.js";

export { configSchema, type TaxiiSinkConfig } from "./config.js";
export { envelopes } from "./envelopes.js";
export { indicatorFromRecord } from "./rebuild.js";
export { TaxiiSink } from "./taxii-sink.js";

export const connector = defineConnector<TaxiiSinkConfig>({
  type: "taxii",
  version: "0.1.0",
  coreVersion: "^0.1.0",
  configSchema,
  create: (config, context) => new TaxiiSink(config, context),
});

export default connector;
