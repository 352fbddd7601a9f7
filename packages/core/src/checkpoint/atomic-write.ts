import { randomBytes } from "node:crypto";
import { open, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { ensureDirectory, isProcessAlive } from "../fs/index.js";

async function fsyncDirectory(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const swept = new Set<string>();

/** Removes temp files of `path` left by a process that died mid-write (kill -9), once per path and process. */
async function removeStaleTemps(directory: string, name: string, path: string): Promise<void> {
  if (swept.has(path)) return;
  swept.add(path);
  const prefix = `.${name}.`;
  for (const entry of await readdir(directory).catch(() => [] as string[])) {
    if (!entry.startsWith(prefix) || !entry.endsWith(".tmp")) continue;
    const pid = Number(entry.slice(prefix.length).split(".")[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !isProcessAlive(pid))
      await rm(join(directory, entry), { force: true });
  }
}

// Own code, not write-file-atomic: the checkpoint needs the directory fsynced after the rename (write-file-atomic
// syncs only the file), and pid-named temp files so a killed writer's leftovers can be told from a live one's.
/** Replaces `path` with `data` so a crash leaves either the old or the new file, never a torn one. */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const directory = dirname(path);
  await ensureDirectory(directory);
  await removeStaleTemps(directory, basename(path), path);
  const temp = join(directory, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await open(temp, "w", 0o600);
  try {
    await handle.writeFile(data, "utf8");
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, path);
  await fsyncDirectory(directory);
}
