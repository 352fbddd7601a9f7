import type { TextSink } from "@taxiway/core";
import { ExitCode } from "../exit-codes.js";

/**
 * SIGINT/SIGTERM stop fetching and abort every wait (rate limit, retry backoff, the watch interval); the page in
 * flight is delivered and committed, then the run exits 0. If that takes longer than the grace time, or the same
 * signal comes again (Ctrl-C twice, a second SIGTERM), the process exits 1 at once: the page was not committed and
 * will be delivered again next time. The other signal after the first does not force the exit: a wrapper such as
 * `pnpm exec` sends SIGTERM to its child when the terminal's Ctrl-C reaches it too, so one keypress brings both.
 * Returns the function that removes the handlers.
 */
export function stopOnSignals(controller: AbortController, stderr: TextSink, graceMs: number): () => void {
  const received = new Set<NodeJS.Signals>();
  let timer: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received.has(signal)) {
      stderr.write(`taxiway: ABORTED: second ${signal}: exiting without committing the page in flight\n`);
      process.exit(ExitCode.failed);
    }
    received.add(signal);
    if (received.size > 1) {
      stderr.write(`${signal} received too: still finishing the page in flight\n`);
      return;
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
