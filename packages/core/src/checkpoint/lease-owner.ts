import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

/** A lease owner id, unique per acquisition: `host:pid:8 hex`, so logs and metrics say which worker holds a job. */
export function newLeaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

/** The default lease TTL (ms): 30 s, the `checkpoint.lease_ttl` default. */
export const DEFAULT_LEASE_TTL_MS = 30_000;
