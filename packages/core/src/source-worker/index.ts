export { rebuildError, SourceWorkerError, serializeError } from "./errors.js";
export { mainThreadReason, openSourceInWorker, type SourceInWorker } from "./open-in-worker.js";
export { decodePreparedPage, encodePreparedPage } from "./protocol.js";
export { WorkerChannel } from "./worker-channel.js";
