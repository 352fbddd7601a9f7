/** Where in a page a fault strikes: a write call of the page (its first, one in the middle, its last) or its flush. */
export type FaultPoint = "first" | "middle" | "last" | "flush";

/**
 * What goes wrong:
 * - `ENOSPC`, `EIO`: the sink's own I/O fails (a file sink's write or fsync, an HTTP sink's request), through the
 *   connector's `injectIo` when it has one, else the call throws that errno before the sink sees the batch;
 * - `timeout`: the sink applied the call, but the caller sees a timeout (the answer was lost);
 * - `partial`: part of the call reached the destination, then it failed (a short write, half a batch sent).
 */
export type FaultKind = "ENOSPC" | "EIO" | "timeout" | "partial";

export interface DeliveryFault {
  /** Page index within the run that meets the fault (0 = the first page that run delivers). */
  page: number;
  point: FaultPoint;
  kind: FaultKind;
}

/** An errno-shaped error as node:fs raises it (`code` is what sinks classify). */
export function errnoError(code: "ENOSPC" | "EIO" | "ETIMEDOUT", syscall = "write"): NodeJS.ErrnoException {
  const text = { ENOSPC: "no space left on device", EIO: "i/o error", ETIMEDOUT: "operation timed out" }[
    code
  ];
  return Object.assign(new Error(`${code}: ${text}, ${syscall}`), { code, syscall, errno: -1 });
}
