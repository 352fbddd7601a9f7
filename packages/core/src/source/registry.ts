import { existsSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { packageEntry, resolvePackageFrom } from "../connectors/resolve-package.js";
import { ConfigError } from "../errors/index.js";
import { mispFeedSource } from "../misp-feed/source.js";
import { stixBundleSource } from "../stix-bundle/source.js";
import { taxiiSource } from "../taxii/source-descriptor.js";
import type { SourceDescriptor } from "./descriptor.js";
import { validateSourceModule } from "./validate.js";

/** The sources that ship with core, by `source.type`. */
export const BUNDLED_SOURCES: ReadonlyMap<string, SourceDescriptor> = new Map<string, SourceDescriptor>(
  [taxiiSource, stixBundleSource, mispFeedSource].map((d) => [d.type, d as unknown as SourceDescriptor]),
);

export interface LoadSourceOptions {
  /** Directory of the job file: paths and package names resolve from here first. */
  baseDir?: string;
  /** Replaces `import()` (tests). */
  importModule?: (url: string) => Promise<unknown>;
}

function isPathSpec(spec: string): boolean {
  return spec.startsWith(".") || isAbsolute(spec) || spec.startsWith("file:");
}

function moduleUrl(spec: string, baseDir: string): string {
  if (isPathSpec(spec)) {
    const path = spec.startsWith("file:") ? fileURLToPath(spec) : resolve(baseDir, spec);
    const folder = existsSync(path) && statSync(path).isDirectory() && existsSync(join(path, "package.json"));
    return pathToFileURL(folder ? packageEntry(path) : path).href;
  }
  const bases = [baseDir, ...(process.argv[1] ? [dirname(resolve(process.argv[1]))] : []), process.cwd()];
  for (const base of bases) {
    const resolved = resolvePackageFrom(spec, base);
    if (resolved) return pathToFileURL(resolved).href;
  }
  throw new ConfigError(
    `no source "${spec}": not a bundled type (${[...BUNDLED_SOURCES.keys()].join(", ")}) and package "${spec}" is not installed where ${baseDir} can resolve it`,
    { code: "SOURCE_NOT_FOUND", details: { spec, baseDir } },
  );
}

/**
 * Finds the source a job's `source.type` names: a bundled type, a package name (`@acme/taxiway-source-x`) or a
 * path to a module (relative to `baseDir`). Throws ConfigError SOURCE_NOT_FOUND, SOURCE_INVALID or
 * SOURCE_INCOMPATIBLE.
 */
export async function loadSource(spec: string, options: LoadSourceOptions = {}): Promise<SourceDescriptor> {
  const bundled = BUNDLED_SOURCES.get(spec);
  if (bundled) return bundled;
  const url = moduleUrl(spec, resolve(options.baseDir ?? process.cwd()));
  let mod: unknown;
  try {
    mod = await (options.importModule ?? ((u: string) => import(u)))(url);
  } catch (cause) {
    throw new ConfigError(`source "${spec}" failed to load from ${url}: ${(cause as Error).message}`, {
      code:
        (cause as { code?: string }).code === "ERR_MODULE_NOT_FOUND" ? "SOURCE_NOT_FOUND" : "SOURCE_INVALID",
      cause,
      details: { spec, url },
    });
  }
  return validateSourceModule(mod, `"${spec}"`);
}

/** The bundled source of `type`, for callers that hold a config but no loaded job (tests, `push`). */
export function bundledSource(type: string): SourceDescriptor | undefined {
  return BUNDLED_SOURCES.get(type);
}
