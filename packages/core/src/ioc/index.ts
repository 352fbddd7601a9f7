export { extractFromObject, extractFromPattern } from "./extract.js";
export type { ExtractionContext, ExtractionProblem, ExtractionResult } from "./extraction.js";
export { iocKey } from "./key.js";
export {
  normalizeDomain,
  normalizeEmail,
  normalizeHash,
  normalizeIpv4,
  normalizeIpv6,
  refang,
} from "./normalize/index.js";
export type { Observable } from "./observables.js";
export {
  observablesOfPattern,
  type PatternObservables,
  patternObservables,
} from "./pattern-observables/index.js";
export {
  type HashMap,
  IOC_TYPES,
  type IocAction,
  type IocRecord,
  type IocType,
  type TlpLevel,
} from "./record.js";
export { RECORD_FIELDS, type RecordTuple, recordFromTuple, recordToTuple } from "./record-codec.js";
export { tlpOf } from "./tlp.js";
export { recordVersion, timestampMicros } from "./version.js";
