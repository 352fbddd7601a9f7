export type { SourceConformanceOptions } from "./options.js";
export { type ReadPage, readAll } from "./read-all.js";
export { runSourceConformance } from "./run.js";
