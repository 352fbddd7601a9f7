export { type DeadLetterEntry, DeadLetterFile } from "./dead-letter.js";
export { decodeObjects, type UndecodableObject } from "./decode.js";
export { DeliveryFailedError, type DeliveryOptions, type DeliveryResult, deliver } from "./deliver.js";
export { type DropReason, type FilterOutcome, RecordFilter } from "./filters.js";
export { RunMetrics } from "./metrics.js";
export { type JobSink, openSinks, sinkIdOf } from "./open-sinks.js";
export type { DeliveredPage } from "./page-stages.js";
export { mapEach, prefetch } from "./prefetch.js";
export { type RunJobOptions, runJob } from "./run-job.js";
export { checkpointStoreFor, type RunLoadedJobOptions, runLoadedJob } from "./run-loaded-job.js";
export { runLoadedSweep, type SweepRunOptions, type SweepSummary } from "./run-sweep.js";
export {
  type CollectionSummary,
  emptySummary,
  notePaging,
  type RunSummary,
  type SinkSummary,
} from "./summary.js";
export { type SinkSweep, sweepRequestFor, sweepSinks } from "./sweep.js";
