import { rmSync } from "node:fs";
import { open, readFile, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { LeaseLostError, LockedError } from "../errors/index.js";
import { ensureDirectory, isProcessAlive } from "../fs/index.js";
import { writeFileAtomic } from "./atomic-write.js";
import { newLeaseOwner } from "./lease-owner.js";
import type { CheckpointLease } from "./types.js";

/** What a lock file holds. `owner` and `expires_at` are absent in files written before leases (then: pid only). */
export interface FileLeaseHolder {
  pid: number;
  host: string;
  started_at: string;
  owner?: string;
  expires_at?: string;
}

/** Lock files this process holds; removed synchronously if the process exits without releasing them. */
const held = new Set<string>();
let exitHookInstalled = false;

function holdUntilExit(path: string): void {
  held.add(path);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // process.exit() (a second signal, an expired grace time, a last-resort handler) skips every finally block.
  process.once("exit", () => {
    for (const lock of held) rmSync(lock, { force: true });
  });
}

/** The lock file's holder, or undefined when it is missing, being written or torn. */
export async function readLeaseFile(path: string): Promise<FileLeaseHolder | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as FileLeaseHolder;
  } catch {
    return undefined;
  }
}

/** A holder that can be taken over: a dead process on this host, or a lease past its expiry (any host). */
function isStale(holder: FileLeaseHolder, now: number): boolean {
  if (holder.host === hostname() && !isProcessAlive(holder.pid)) return true;
  return holder.expires_at !== undefined && Date.parse(holder.expires_at) <= now;
}

// Own code, not proper-lockfile: the holder's pid and host let a dead holder on this host be taken over at once and
// a live one be named in the exit-3 message; proper-lockfile judges staleness by mtime and was last released in 2024.
/**
 * An exclusive lock file that is a lease: it holds the owner (`host:pid:random`), pid, host and an expiry `ttlMs`
 * ahead, which `renew` moves forward. A lock left by a dead process on this host, or whose lease expired (a holder on
 * another host sharing the volume that stopped renewing), is taken over; a live holder makes the run exit at once
 * (LockedError carrying the holder).
 */
export async function acquireLock(path: string, job: string, ttlMs = 30_000): Promise<CheckpointLease> {
  await ensureDirectory(dirname(path));
  const owner = newLeaseOwner();
  const stamp = (): FileLeaseHolder => ({
    pid: process.pid,
    host: hostname(),
    started_at,
    owner,
    expires_at: new Date(Date.now() + ttlMs).toISOString(),
  });
  const started_at = new Date().toISOString();
  for (let attempt = 0; attempt < 4; attempt++) {
    const me = stamp();
    try {
      const handle = await open(path, "wx", 0o600);
      await handle.writeFile(JSON.stringify(me));
      await handle.sync();
      await handle.close();
      holdUntilExit(path);
      return fileLease(path, job, owner, me.expires_at, ttlMs, stamp);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = await readLeaseFile(path);
      if (holder && isStale(holder, Date.now())) {
        await rm(path, { force: true });
        continue;
      }
      if (!holder) {
        // Being written right now, or torn by a crash between create and write: look again shortly, and if it is
        // still unreadable, it is torn: remove it and take the lock (the next attempt).
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (attempt >= 1) await rm(path, { force: true });
        continue;
      }
      throw new LockedError(
        `job '${job}' is already running (pid ${holder.pid} on ${holder.host} since ${holder.started_at}); this run exits. If that process is gone, delete ${path}`,
        {
          details: { job, lock: path },
          holder: { owner: holder.owner ?? `${holder.host}:${holder.pid}`, expires_at: holder.expires_at },
        },
      );
    }
  }
  throw new LockedError(`could not take the lock ${path} for job '${job}'`, { details: { job, lock: path } });
}

function fileLease(
  path: string,
  job: string,
  owner: string,
  expiresAt: string | undefined,
  ttlMs: number,
  stamp: () => FileLeaseHolder,
): CheckpointLease {
  let released = false;
  let expires = expiresAt;
  return {
    owner,
    ttlMs,
    get expiresAt() {
      return expires;
    },
    async renew() {
      await assertFileLeaseHeld(path, job, owner);
      const next = stamp();
      await writeFileAtomic(path, JSON.stringify(next));
      expires = next.expires_at;
    },
    async release() {
      if (released) return;
      released = true;
      held.delete(path);
      const holder = await readLeaseFile(path);
      if (holder?.owner === owner) await rm(path, { force: true });
    },
  };
}

/** Throws LeaseLostError unless the lock file at `path` still names `owner`. */
export async function assertFileLeaseHeld(path: string, job: string, owner: string): Promise<void> {
  const holder = await readLeaseFile(path);
  if (holder?.owner === owner) return;
  throw new LeaseLostError(
    holder
      ? `the lease on job '${job}' was taken over by ${holder.owner ?? holder.pid} (${path}); this worker stops without committing`
      : `the lease on job '${job}' is gone (${path} was removed); this worker stops without committing`,
    {
      details: { job, lock: path },
      ...(holder
        ? { holder: { owner: holder.owner ?? String(holder.pid), expires_at: holder.expires_at } }
        : {}),
    },
  );
}
