export { type ExecuteContext, executeTask, type ServeTask, taskIdOf } from "./execute.js";
export { holderOf, workerId } from "./holder.js";
export { type JobFileProblem, type JobSet, jobFiles, loadJobSet, type ServeJob } from "./job-set.js";
export { JobTable, type RunOutcome, type TaskSpec, type TaskState } from "./job-table.js";
export { type RunResult, ServeMetrics } from "./metrics.js";
export { Scheduler, type SchedulerClock, systemClock } from "./scheduler.js";
export { JobSetError, type ServeOptions, ServeProcess } from "./serve-process.js";
