import { defineConnector } from "@taxiway/core";
import { configSchema, resolveConfig, type WebhookSinkConfig } from "./config.js";
import { WebhookSink } from "./sink.js";

export { configSchema, type WebhookSinkConfig } from "./config.js";
export { WebhookSink } from "./sink.js";

export const connector = defineConnector<WebhookSinkConfig>({
  type: "webhook",
  version: "0.1.0",
  coreVersion: "^0.1.0",
  configSchema,
  create: (config, context) => new WebhookSink(resolveConfig(config), context),
});

export default connector;
