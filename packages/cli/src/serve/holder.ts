import { hostname } from "node:os";
import type { LockedError } from "@taxiway/core";

/** This worker's name in lease-holder metrics and logs: `host:pid`, as the file lock names its holder. */
export function workerId(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * Who holds a job that refused us, read defensively: a lease-carrying LockedError may have a `holder` field (a
 * string, or an object with `owner`/`id`), today's file lock puts `{pid, host}` in `details.holder`. Undefined
 * for anything else (the holder is then reported as `unknown`).
 */
export function holderOf(error: LockedError): string | undefined {
  const candidates = [(error as { holder?: unknown }).holder, error.details.holder];
  for (const candidate of candidates) {
    if (typeof candidate === "string" && candidate !== "") return candidate;
    if (!candidate || typeof candidate !== "object") continue;
    const { owner, id, host, pid } = candidate as Record<string, unknown>;
    if (typeof owner === "string") return owner;
    if (typeof id === "string") return id;
    if (typeof host === "string" && (typeof pid === "number" || typeof pid === "string"))
      return `${host}:${pid}`;
  }
  return undefined;
}
