export type { SearchAuth, SearchTls } from "./search-http.js";
export { SearchSeenIndex } from "./search-seen-index.js";
export { SearchCheckpointStore, type SearchStoreOptions } from "./search-store.js";
