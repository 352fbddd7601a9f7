export { closestName } from "./closest-name.js";
export {
  type FilterConfig,
  isTaxiiSource,
  type JobConfig,
  type RevokedPolicy,
  type SinkConfig,
} from "./job.js";
export {
  type GeneratedValidator,
  jobValidator,
  type PrecompiledValidators,
  schemaKey,
  schemaText,
} from "./job-validator.js";
export {
  type ConnectorSchema,
  type LoadedJob,
  type LoadJobOptions,
  loadJobFile,
  type ValidatedJob,
  type ValidateJobOptions,
  validateJobFile,
} from "./load.js";
export { type ConfigProblem, formatProblem, JobConfigError } from "./problems.js";
export { type RawValidate, readableValidator, type SchemaIssue } from "./readable-issues.js";
export {
  CRON_FORMAT,
  cronProblem,
  cronSchedule,
  DEFAULT_JOB_INTERVAL_MS,
  intervalSchedule,
  type JobSchedule,
  jobSchedule,
  MIN_JOB_INTERVAL_MS,
} from "./schedule.js";
export { buildJobSchema, coreJobSchema, type SinkConnectorSchema, sinkItemsSchema } from "./schema.js";
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
