/**
 * `@taxiway/core/config`: reading and validating job files, and the errors they throw, without the rest of core (the
 * pipeline, the TAXII client, the checkpoint stores, logging): what `taxiway validate` loads. The main entry exports
 * all of it too.
 */
export * from "../config/index.js";
export { BUNDLED_CONNECTORS, ConnectorRegistry, loadConnector } from "../connectors/load.js";
export * from "../errors/index.js";
export { SecretRegistry } from "../logging/secrets.js";
export type { ConnectorDescriptor, JsonSchema } from "../sink/index.js";
