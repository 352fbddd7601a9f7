export { type LogLine, recordingLogger, testSinkContext } from "./context.js";
export { sampleRecord, sampleRecords } from "./records.js";
