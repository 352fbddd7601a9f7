export { type LogLine, recordingLogger, testSinkContext } from "./context.js";
export { FaultProxy, type InjectedFault } from "./fault-proxy.js";
export type { ConformanceEnv, HeldRecord, HttpConformance, SinkConformanceOptions } from "./options.js";
export { sampleRecord, sampleRecords } from "./records.js";
export { runSinkConformance } from "./run.js";
export {
  describeSearchIndexSink,
  type IndexedDocument,
  type SearchIndexSuiteOptions,
  type SearchRestProbe,
  searchBulkFaults,
  searchRestProbe,
} from "./search-index.js";
