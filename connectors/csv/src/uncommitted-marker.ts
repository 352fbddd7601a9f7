import { access, open, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { syncDirectory } from "./output-file.js";

/**
 * Before a job's first checkpoint there is no committed offset to cut a file back to, so a run killed before its
 * first commit would leave rows the next run writes again. A marker beside each file this sink creates while
 * nothing is committed says "everything in here is uncommitted"; it is durable before any row is, and a later run
 * that finds it (still with no checkpoint) empties the file. Files that were already there are never touched.
 */
export function markerPath(file: string): string {
  return join(dirname(file), `.${basename(file)}.taxiway-uncommitted`);
}

export async function markUncommitted(file: string): Promise<void> {
  const handle = await open(markerPath(file), "w");
  await handle.sync();
  await handle.close();
  await syncDirectory(dirname(file));
}

export async function isMarkedUncommitted(file: string): Promise<boolean> {
  return access(markerPath(file)).then(
    () => true,
    () => false,
  );
}

export async function clearUncommittedMark(file: string): Promise<void> {
  await rm(markerPath(file), { force: true });
}
