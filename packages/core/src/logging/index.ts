export type { Logger } from "pino";
export {
  createLogger,
  type LoggerOptions,
  redactingSink,
  type TextSink,
  usesPrettyLogs,
} from "./create-logger.js";
export { isLogLevel, type LineLevel, LOG_LEVELS } from "./levels.js";
export { maskedUrl } from "./masked-url.js";
export { loadPrettyLogs } from "./pretty.js";
export { maskProcessOutput, SecretRegistry } from "./secrets.js";
