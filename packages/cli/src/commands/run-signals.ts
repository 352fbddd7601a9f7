import type { TextSink } from "@taxiway/core";
import { ExitCode } from "../exit-codes.js";

/**
 * SIGINT/SIGTERM stop fetching and abort every wait (rate limit, retry backoff, the watch interval); the page in
 * flight is delivered and committed, then the run exits 0. If that takes longer than the grace time (or a second
 * signal comes), the process exits 1 at once: the page was not committed and will be delivered again next time.
 * Returns the function that removes the handlers.
 */
export function stopOnSignals(controller: AbortController, stderr: TextSink, graceMs: number): () => void {
  let signals = 0;
  let timer: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      stderr.write(`taxiway: ABORTED: second ${signal}: exiting without committing the page in flight\n`);
      process.exit(ExitCode.failed);
    }
    stderr.write(
      `${signal} received: finishing the page in flight (grace ${Math.round(graceMs / 1000)}s), then exiting\n`,
    );
    controller.abort(new Error(signal));
    timer = setTimeout(() => {
      stderr.write("taxiway: ABORTED: grace time exceeded; exiting without committing the page in flight\n");
      process.exit(ExitCode.failed);
    }, graceMs);
    timer.unref();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return () => {
    if (timer) clearTimeout(timer);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}
