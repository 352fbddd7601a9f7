export {
  AbortedError,
  CheckpointConflictError,
  ConfigError,
  type LeaseHolder,
  LeaseLostError,
  LockedError,
  NetworkError,
  SinkError,
} from "./kinds.js";
export { isRetryable, TaxiwayError, type TaxiwayErrorOptions } from "./taxiway-error.js";
