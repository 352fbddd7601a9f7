export { type BatchLimits, batchBy } from "./batching.js";
export { type ConnectorDescriptor, defineConnector, type JsonSchema } from "./descriptor.js";
export { fileSystemError, isTransientFsCode } from "./fs-errors.js";
export { Limiter } from "./limiter.js";
export { allDelivered, delivered, type RecordOutcome, type WriteResult } from "./outcome.js";
export {
  allFailed,
  failed,
  httpStatusError,
  isRetryableStatus,
  permanent,
  permanentError,
  summarizeOutcomes,
  transient,
  transientError,
} from "./record-errors.js";
export type { CheckResult, Sink, SinkContext } from "./sink.js";
export {
  expiryOf,
  hasExpired,
  SWEEP_SAMPLE_SIZE,
  type SweepRequest,
  type SweepResult,
} from "./sweep.js";
