export { type AuthProvider, createAuth } from "./auth.js";
export {
  type ApiRoot,
  type CollectionInfo,
  type Discovery,
  type ManifestRecord,
  manifest20Records,
  type ObjectsQuery,
  TaxiiClient,
  type TaxiiClientOptions,
} from "./client.js";
export { findCollection } from "./collections.js";
export { type NormalizedEnvelope, normalizeEnvelope } from "./envelope.js";
export { type TaxiiErrorObject, TaxiiHttpError, TaxiiProtocolError } from "./errors.js";
export { TAXII_20, TAXII_21, type TaxiiVersion } from "./media-types.js";
export type { CursorStrategy, Page, PagerNotice, PageSource } from "./page.js";
export { TaxiiPageSource, type TaxiiPageSourceOptions } from "./page-source.js";
export {
  ChainProgress,
  type HeaderReading,
  MemorySeenIndex,
  objectKey,
  type PagerOptions,
  type PagingClient,
  readDateHeader,
  type SeenIndex,
  SqliteSeenIndex,
  TaxiiPager,
} from "./paging/index.js";
export { type ProbeFinding, type ProbeReport, probeServer } from "./probe.js";
export type { TaxiiAuth, TaxiiSourceConfig } from "./source-config.js";
export { taxiiSource } from "./source-descriptor.js";
export { taxiiSourceSchema } from "./source-schema.js";
export {
  createTaxiiClient,
  createTaxiiSources,
  type TaxiiSourceContext,
  type TaxiiSources,
} from "./sources.js";
export { compareTimestamps, justBefore, parseTimestamp, serverTimestamp } from "./timestamps.js";
export { refuseUrlCredentials, urlCredentialProblem } from "./url-credentials.js";
