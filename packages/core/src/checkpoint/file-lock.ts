import { rmSync } from "node:fs";
import { open, readFile, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { LockedError } from "../errors/index.js";
import { ensureDirectory, isProcessAlive } from "../fs/index.js";
import type { CheckpointLock } from "./types.js";

interface Holder {
  pid: number;
  host: string;
  started_at: string;
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

async function readHolder(path: string): Promise<Holder | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as Holder;
  } catch {
    return undefined;
  }
}

// Own code, not proper-lockfile: the holder's pid and host let a dead holder on this host be taken over at once and
// a live one be named in the exit-3 message; proper-lockfile judges staleness by mtime and was last released in 2024.
/**
 * An exclusive lock file holding the holder's pid and host. A lock left by a dead process on this host is taken
 * over; a live holder (or one on another host, which cannot be checked) makes the run exit at once.
 */
export async function acquireLock(path: string, job: string): Promise<CheckpointLock> {
  const me: Holder = { pid: process.pid, host: hostname(), started_at: new Date().toISOString() };
  await ensureDirectory(dirname(path));
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const handle = await open(path, "wx", 0o600);
      await handle.writeFile(JSON.stringify(me));
      await handle.sync();
      await handle.close();
      let released = false;
      holdUntilExit(path);
      return {
        release: async () => {
          if (released) return;
          released = true;
          held.delete(path);
          await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = await readHolder(path);
      if (holder && holder.host === me.host && !isProcessAlive(holder.pid)) {
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
        { details: { job, lock: path, holder } },
      );
    }
  }
  throw new LockedError(`could not take the lock ${path} for job '${job}'`, { details: { job, lock: path } });
}
