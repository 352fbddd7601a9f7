import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import { ConfigError } from "../errors/index.js";
import type { HttpClient } from "../http/index.js";
import type { Logger } from "../logging/index.js";
import { conditionalGet } from "../source/http-settings.js";
import type { AuthProvider } from "../taxii/auth.js";
import type { LocatedBundle } from "./bundle-stream.js";
import type { BundleState } from "./cursor.js";

/**
 * The files `patterns` name, relative to `baseDir`, sorted, each once: a glob (node:fs glob) matches zero or more,
 * a plain path must exist. Returns each file's absolute path and its checkpoint key (the path relative to baseDir).
 * Throws ConfigError BUNDLE_NOT_FOUND when nothing matches at all.
 */
export async function matchBundleFiles(
  patterns: readonly string[],
  baseDir: string,
): Promise<Array<{ key: string; path: string }>> {
  // Looked up when used, not imported: fs.glob is Node 22+, and the CLI must load on older Node to say so itself.
  const { glob } = process.getBuiltinModule("node:fs/promises") as typeof import("node:fs/promises");
  const found = new Map<string, string>();
  for (const pattern of patterns) {
    const absolute = isAbsolute(pattern) ? pattern : resolve(baseDir, pattern);
    for await (const match of glob(absolute)) {
      const info = await stat(match).catch(() => undefined);
      if (info?.isFile()) found.set(match, relative(baseDir, match) || match);
    }
  }
  if (found.size === 0)
    throw new ConfigError(`source.path: no bundle file matches ${patterns.join(", ")} (from ${baseDir})`, {
      code: "BUNDLE_NOT_FOUND",
      details: { patterns, baseDir },
    });
  return [...found.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([path, key]) => ({ key, path }));
}

/** A local bundle file, as it is. */
export async function localBundle(path: string): Promise<LocatedBundle> {
  const { size } = await stat(path);
  return { status: "ready", path, bytes: size, release: async () => {} };
}

/**
 * A bundle URL downloaded (streamed to a temporary file, removed after the run) unless the validators of the copy
 * delivered last still match (If-None-Match / If-Modified-Since → 304: "not-modified").
 */
export async function downloadBundle(
  url: string,
  state: BundleState | undefined,
  client: {
    http: HttpClient;
    auth: AuthProvider;
    retries: number;
    headers?: Record<string, string>;
    logger: Logger;
  },
  signal?: AbortSignal,
): Promise<LocatedBundle> {
  const dir = await mkdtemp(join(tmpdir(), "taxiway-bundle-"));
  const release = () => rm(dir, { recursive: true, force: true });
  try {
    const path = join(dir, "bundle.json");
    const result = await conditionalGet(client.http, client.auth, {
      url,
      ...(state?.complete && state.etag ? { etag: state.etag } : {}),
      ...(state?.complete && state.last_modified ? { lastModified: state.last_modified } : {}),
      saveTo: path,
      retries: client.retries,
      ...(client.headers ? { headers: client.headers } : {}),
      signal,
      logger: client.logger,
    });
    if (result.status === "not-modified") {
      await release();
      return result;
    }
    return {
      status: "ready",
      path,
      bytes: result.response.bytes,
      ...(result.etag ? { etag: result.etag } : {}),
      ...(result.lastModified ? { lastModified: result.lastModified } : {}),
      release,
    };
  } catch (error) {
    await release();
    throw error;
  }
}
