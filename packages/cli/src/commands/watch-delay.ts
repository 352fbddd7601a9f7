/** The longest wait between polls while failures repeat, unless the interval itself is longer. */
const MAX_BACKOFF_MS = 3_600_000;

/**
 * Milliseconds until the next poll of `run --watch`: the interval stretched by up to `jitter` (a fraction, so that
 * replicas started together drift apart); after `failures` consecutive failed polls, the interval doubles per
 * further failure (interval, 2×, 4×, …) up to an hour, or the interval when that is longer.
 */
export function nextPollDelay(
  intervalMs: number,
  failures: number,
  jitter: number,
  random: () => number = Math.random,
): number {
  const base =
    failures <= 1
      ? intervalMs
      : Math.min(intervalMs * 2 ** Math.min(failures - 1, 30), Math.max(intervalMs, MAX_BACKOFF_MS));
  return Math.round(base * (1 + random() * jitter));
}
