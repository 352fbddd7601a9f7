export type { Logger } from "pino";
export {
  createLogger,
  isLogLevel,
  LOG_LEVELS,
  type LoggerOptions,
  redactingSink,
  type TextSink,
  usesPrettyLogs,
} from "./create-logger.js";
export { maskedUrl } from "./masked-url.js";
export { loadPrettyLogs } from "./pretty.js";
export { maskProcessOutput, SecretRegistry } from "./secrets.js";
