export { writeFileAtomic } from "./atomic-write.js";
export { SEARCH_AUTH_VARIANTS } from "./config-schema.js";
export { acquireLock, type FileLeaseHolder, readLeaseFile } from "./file-lock.js";
export { FileCheckpointStore } from "./file-store.js";
export { type HeldLease, holdLease } from "./held-lease.js";
export { DEFAULT_LEASE_TTL_MS, newLeaseOwner } from "./lease-owner.js";
export { type CheckpointConfig, MIN_LEASE_TTL_MS, openCheckpointStore } from "./open-store.js";
export { PostgresCheckpointStore, type PostgresStoreOptions } from "./postgres/index.js";
export {
  type SearchAuth,
  SearchCheckpointStore,
  type SearchStoreOptions,
  type SearchTls,
} from "./search/index.js";
export type {
  CheckpointDocument,
  CheckpointLease,
  CheckpointLock,
  CheckpointStore,
  CheckpointUpdate,
  CollectionCursor,
  CommitAuthority,
} from "./types.js";
