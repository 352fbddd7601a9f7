export {
  BUNDLED_CONNECTORS,
  ConnectorRegistry,
  type LoadConnectorOptions,
  loadConnector,
} from "./load.js";
export { isValidRange, satisfies as satisfiesVersionRange } from "./semver-range.js";
export { descriptorProblems, validateConnectorModule } from "./validate.js";
