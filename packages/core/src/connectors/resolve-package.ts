import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

function exportTarget(entry: unknown): string | undefined {
  if (typeof entry === "string") return entry;
  if (typeof entry !== "object" || entry === null) return undefined;
  const conditions = entry as Record<string, unknown>;
  for (const condition of ["import", "node", "default"]) {
    const target = exportTarget(conditions[condition]);
    if (target) return target;
  }
  return undefined;
}

/** The entry file of the package in `directory` (`exports["."]` import/node/default, else `main`, else index.js). */
export function packageEntry(directory: string): string {
  const pkg = JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as {
    exports?: unknown;
    main?: string;
  };
  const exported = pkg.exports;
  const root =
    typeof exported === "object" && exported !== null && "." in exported
      ? (exported as Record<string, unknown>)["."]
      : exported;
  return join(directory, exportTarget(root) ?? pkg.main ?? "index.js");
}

/** The ESM entry of an installed package, read from its package.json (`exports["."]` import/node/default, else `main`). */
function resolveEsmEntry(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, "node_modules", name, "package.json");
    if (existsSync(manifest)) {
      return packageEntry(dirname(manifest));
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** Resolves an installed package's entry file from `base`, for CommonJS-style and import-only (ESM) packages alike. */
export function resolvePackageFrom(name: string, base: string): string | undefined {
  try {
    return createRequire(join(base, "noop.js")).resolve(name);
  } catch {
    return resolveEsmEntry(name, base);
  }
}
