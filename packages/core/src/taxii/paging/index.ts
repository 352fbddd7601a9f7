export { type HeaderReading, readDateHeader } from "./header-cursor.js";
export { objectKey, recordKey } from "./keys.js";
export { type PagerOptions, type PagingClient, TaxiiPager } from "./pager.js";
export { ChainProgress } from "./progress.js";
export { MemorySeenIndex, type SeenIndex } from "./seen-index.js";
export { digestOf, SqliteSeenIndex } from "./sqlite-seen-index.js";
