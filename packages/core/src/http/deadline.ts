/** A request's abort signal with its deadline; see requestDeadline. */
export interface RequestDeadline {
  signal: AbortSignal;
  /** True once the deadline (not the parent) aborted the signal. */
  readonly expired: boolean;
  /** Stops the timer and detaches from the parent signal. */
  clear(): void;
}

/**
 * A request's signal: aborted by `parent` or once `timeoutMs` has passed. Unlike AbortSignal.timeout + any, its timer
 * and its listener on the run's long-lived signal go away with `clear()`, so a run of a million pages holds none.
 * `timeoutMs` undefined: no deadline (undefined). Call `clear()` once the request, its body included, is done.
 */
export function requestDeadline(timeoutMs: number, parent?: AbortSignal): RequestDeadline;
export function requestDeadline(
  timeoutMs: number | undefined,
  parent?: AbortSignal,
): RequestDeadline | undefined;
export function requestDeadline(
  timeoutMs: number | undefined,
  parent?: AbortSignal,
): RequestDeadline | undefined {
  if (timeoutMs === undefined) return undefined;
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException("request timeout", "TimeoutError"));
  }, timeoutMs);
  timer.unref();
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener("abort", onParentAbort, { once: true });
  return {
    signal: controller.signal,
    get expired() {
      return expired;
    },
    clear() {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onParentAbort);
    },
  };
}
