export { closestName } from "./closest-name.js";
export {
  type FilterConfig,
  isTaxiiSource,
  type JobConfig,
  type RevokedPolicy,
  type SinkConfig,
} from "./job.js";
export { type LoadedJob, type LoadJobOptions, loadJobFile } from "./load.js";
export { type ConfigProblem, formatProblem, JobConfigError } from "./problems.js";
export { buildJobSchema, coreJobSchema, sinkItemsSchema } from "./schema.js";
export { secretValues } from "./secret-paths.js";
export {
  DURATION_FORMAT,
  durationSchema,
  parseDuration,
  parseSize,
  SIZE_FORMAT,
  sizeSchema,
  sizeSetting,
} from "./units.js";
export { compileValidator, configAjv, type SchemaIssue } from "./validate.js";
