import { AbortedError } from "../errors/index.js";

// Own code, not p-throttle or bottleneck: each request's wait must end on its own AbortSignal (SIGTERM stops a run
// cleanly) over a sliding window; p-throttle aborts through one signal for every call.
/**
 * At most `requests` starts per `intervalMs`, over a sliding window: some feeds allow only a few requests a
 * minute and answer more with 429 or a ban. `acquire` waits (abortably) until a start is allowed.
 */
export class RateLimiter {
  readonly #starts: number[] = [];
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly requests: number,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  acquire(signal?: AbortSignal): Promise<void> {
    // Callers are served in arrival order: each waits for the one before it to take its slot.
    const turn = this.#queue.then(() => this.#take(signal));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async #take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new AbortedError("rate limit wait aborted");
      const now = this.now();
      while (this.#starts.length > 0 && (this.#starts[0] as number) <= now - this.intervalMs)
        this.#starts.shift();
      if (this.#starts.length < this.requests) {
        this.#starts.push(now);
        return;
      }
      const waitMs = (this.#starts[0] as number) + this.intervalMs - now;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, waitMs);
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener("abort", done);
          resolve();
        }
        signal?.addEventListener("abort", done, { once: true });
      });
    }
  }
}
