export type { CheckpointDocument, CheckpointLock, CheckpointStore, CollectionCursor } from "./types.js";
