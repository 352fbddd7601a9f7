export type { Logger } from "pino";
export {
  createLogger,
  isLogLevel,
  LOG_LEVELS,
  type LoggerOptions,
  redactingSink,
  type TextSink,
} from "./create-logger.js";
export { maskProcessOutput, SecretRegistry } from "./secrets.js";
