import { mkdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { ConfigError } from "../errors/index.js";

/**
 * Creates `path` and its missing parents, or fails once with a {@link ConfigError} (`PATH_NOT_CREATABLE`) that names
 * the directory that could not be made and why.
 *
 * Node's `mkdir(…, { recursive: true })` is not used: under a pseudo-filesystem such as /proc it spins forever at
 * full CPU (it retries the ENOENT it keeps getting), and no maintained package avoids that (mkdirp and make-dir
 * delegate to it). Here every level is created once, non-recursively, from the deepest existing ancestor down.
 */
export async function ensureDirectory(path: string): Promise<void> {
  const target = resolve(path);
  const missing: string[] = [];
  for (let current = target; ; current = dirname(current)) {
    const kind = await stat(current).then(
      (info) => (info.isDirectory() ? "directory" : "other"),
      // ENOTDIR: some ancestor is a file; walking up finds and names it.
      (error: NodeJS.ErrnoException) =>
        error.code === "ENOENT" || error.code === "ENOTDIR" ? "missing" : fail(current, error),
    );
    if (kind === "directory") break;
    if (kind === "other")
      fail(current, Object.assign(new Error("a file is in the way"), { code: "ENOTDIR" }));
    if (dirname(current) === current)
      fail(current, Object.assign(new Error("no such root"), { code: "ENOENT" }));
    missing.push(current);
  }
  for (const directory of missing.reverse()) {
    await mkdir(directory).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") fail(directory, error);
    });
  }
}

function fail(directory: string, error: NodeJS.ErrnoException): never {
  throw new ConfigError(`cannot create directory ${directory}: ${error.code ?? error.message}`, {
    code: "PATH_NOT_CREATABLE",
    details: { directory, errno: error.code },
  });
}
