import { defineConnector } from "@taxiway/core";
import { configSchema, type ExampleSinkConfig, resolveConfig } from "./config.js";
import { ExampleSink } from "./sink.js";

export { configSchema, type ExampleSinkConfig } from "./config.js";
export { ExampleSink } from "./sink.js";

export const connector = defineConnector<ExampleSinkConfig>({
  type: "example-sink",
  version: "0.1.0",
  coreVersion: "^0.1.0",
  configSchema,
  create: (config, context) => new ExampleSink(resolveConfig(config), context),
  // The endpoint holds state, so it sweeps: `taxiway run` and `taxiway sweep` call ExampleSink.sweep.
  sweep: () => true,
});

export default connector;
