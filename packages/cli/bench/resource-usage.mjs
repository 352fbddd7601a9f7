// Loaded with `node --import` into a measured child process: on exit, writes its own resource usage (CPU µs,
// peak RSS KiB) as JSON to the file TAXIWAY_BENCH_USAGE names.
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  const usage = process.resourceUsage();
  writeFileSync(
    process.env.TAXIWAY_BENCH_USAGE,
    JSON.stringify({ cpuMicros: usage.userCPUTime + usage.systemCPUTime, maxRssKiB: usage.maxRSS }),
  );
});
