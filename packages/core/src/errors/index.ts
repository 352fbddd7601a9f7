export {
  AbortedError,
  CheckpointConflictError,
  ConfigError,
  LockedError,
  NetworkError,
  SinkError,
} from "./kinds.js";
export { isRetryable, TaxiwayError, type TaxiwayErrorOptions } from "./taxiway-error.js";
