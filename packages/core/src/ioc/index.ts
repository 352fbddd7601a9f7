export { extractFromObject } from "./extract.js";
export type { ExtractionContext, ExtractionProblem, ExtractionResult } from "./extraction.js";
export { iocKey } from "./key.js";
export {
  type HashMap,
  IOC_TYPES,
  type IocAction,
  type IocRecord,
  type IocType,
  type TlpLevel,
} from "./record.js";
