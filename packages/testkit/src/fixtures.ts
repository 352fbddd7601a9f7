// Entry without vitest: what the CLI's `demo` and benchmarks use at run time.

export { runSearchSinkBench, type SearchSinkBenchOptions } from "./bench/search-sink.js";
export { runSearchSweepBench, type SearchSweepBenchOptions } from "./bench/search-sweep.js";
export { type CorpusPattern, readPatternCorpus } from "./corpus/stix-patterns.js";
export * from "./feed/index.js";
export * from "./hec-receiver/index.js";
export * from "./hostile-server/index.js";
export * from "./peers/index.js";
export * from "./sentinel-standin/index.js";
export * from "./taxii-model/index.js";
export * from "./taxii-server/index.js";
