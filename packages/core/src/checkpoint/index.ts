export { writeFileAtomic } from "./atomic-write.js";
export { acquireLock } from "./file-lock.js";
export { FileCheckpointStore } from "./file-store.js";
export type { CheckpointDocument, CheckpointLock, CheckpointStore, CollectionCursor } from "./types.js";
