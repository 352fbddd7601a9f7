export { PostgresSeenIndex } from "./postgres-seen-index.js";
export { PostgresCheckpointStore, type PostgresStoreOptions } from "./postgres-store.js";
