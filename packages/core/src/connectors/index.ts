export {
  BUNDLED_CONNECTORS,
  ConnectorRegistry,
  type LoadConnectorOptions,
  loadConnector,
} from "./load.js";
export { descriptorProblems, validateConnectorModule } from "./validate.js";
export { isValidRange, satisfies as satisfiesVersionRange } from "./version-range.js";
