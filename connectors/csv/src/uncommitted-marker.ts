import { open, readFile, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { syncDirectory } from "./output-file.js";

/**
 * Before a job's first checkpoint there is no committed offset to cut a file back to, so a run killed before its
 * first commit would leave rows the next run writes again. A marker beside each file this sink creates while
 * nothing is committed says "everything in here is uncommitted"; it is durable before any row is, and a later run
 * that finds it (still with no checkpoint) empties the file. The marker also holds how many numbered rotation files
 * (`name-1.csv`, `name-2.csv`…) that run went on to create, so those are removed too. Files that were already there
 * are never touched.
 */
export function markerPath(file: string): string {
  return join(dirname(file), `.${basename(file)}.taxiway-uncommitted`);
}

/** Marks `file` as holding only uncommitted rows, with `rotations` uncommitted rotation files after it. */
export async function markUncommitted(file: string, rotations = 0): Promise<void> {
  const handle = await open(markerPath(file), "w");
  await handle.writeFile(String(rotations));
  await handle.sync();
  await handle.close();
  await syncDirectory(dirname(file));
}

/** How many rotation files the marked file's run created (0 for none), or undefined when it is not marked. */
export async function uncommittedRotations(file: string): Promise<number | undefined> {
  const text = await readFile(markerPath(file), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  const rotations = Number(text);
  return Number.isSafeInteger(rotations) && rotations > 0 ? rotations : 0;
}

export async function clearUncommittedMark(file: string): Promise<void> {
  await rm(markerPath(file), { force: true });
}
