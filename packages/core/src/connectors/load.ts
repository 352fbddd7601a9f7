import { existsSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ConfigError } from "../errors/index.js";
import type { ConnectorDescriptor } from "../sink/index.js";
import { packageEntry, resolvePackageFrom } from "./resolve-package.js";
import { validateConnectorModule } from "./validate.js";

/** Package names of the connectors that ship with taxiway, by `type`. */
export const BUNDLED_CONNECTORS: Readonly<Record<string, string>> = Object.freeze({
  csv: "@taxiway/connector-csv",
  elasticsearch: "@taxiway/connector-elasticsearch",
  kafka: "@taxiway/connector-kafka",
  opensearch: "@taxiway/connector-opensearch",
  sentinel: "@taxiway/connector-sentinel",
  "splunk-hec": "@taxiway/connector-splunk-hec",
  "splunk-es-intel": "@taxiway/connector-splunk-hec/es-intel",
  taxii: "@taxiway/connector-taxii",
});

export interface LoadConnectorOptions {
  /** Directory of the job file: paths and package names resolve from here first. Defaults to the cwd. */
  baseDir?: string;
  /** Already-loaded descriptors by type, consulted before anything is imported. */
  registry?: ConnectorRegistry;
  /** Replaces `import()` (tests). */
  importModule?: (url: string) => Promise<unknown>;
}

function isPackageDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory() && existsSync(join(path, "package.json"));
}

function isPathSpec(spec: string): boolean {
  return spec.startsWith(".") || isAbsolute(spec) || spec.startsWith("file:");
}

/** Directories to resolve package names from: the job's, the running program's (the CLI depends on the bundled connectors), and the cwd. */
function resolutionBases(baseDir: string): string[] {
  const bases = [baseDir];
  if (process.argv[1]) bases.push(dirname(resolve(process.argv[1])));
  bases.push(process.cwd());
  return bases;
}

function resolvePackage(name: string, baseDir: string): string | undefined {
  for (const base of resolutionBases(baseDir)) {
    const resolved = resolvePackageFrom(name, base);
    if (resolved) return resolved;
  }
  return undefined;
}

/** A set of descriptors by type. The CLI registers the bundled connectors here; tests register their own. */
export class ConnectorRegistry {
  readonly #byType = new Map<string, ConnectorDescriptor>();
  readonly #loaders = new Map<string, () => Promise<unknown>>();

  /**
   * Registers a connector module to import only when a job names `type`: the CLI registers the bundled connectors
   * this way, with import specifiers resolved from its own dependencies (wherever the job file is) and visible to
   * a bundler, and a job pays only for the connectors it uses.
   */
  registerLazy(type: string, load: () => Promise<unknown>): this {
    this.#loaders.set(type, load);
    return this;
  }

  /** The descriptor of `type`, importing a lazily registered module on first use; undefined when unknown. */
  async resolve(type: string): Promise<ConnectorDescriptor | undefined> {
    const known = this.#byType.get(type);
    if (known) return known;
    const load = this.#loaders.get(type);
    if (!load) return undefined;
    const descriptor = validateConnectorModule(await load(), `"${type}"`);
    this.#byType.set(type, descriptor);
    return descriptor;
  }

  register(descriptor: ConnectorDescriptor): this {
    validateConnectorModule({ connector: descriptor }, `"${descriptor.type}"`);
    this.#byType.set(descriptor.type, descriptor);
    return this;
  }

  get(type: string): ConnectorDescriptor | undefined {
    return this.#byType.get(type);
  }

  types(): string[] {
    return [...new Set([...this.#byType.keys(), ...this.#loaders.keys()])].sort();
  }
}

/**
 * Finds a connector: a registered or bundled `type` (`csv`), a package name (`@acme/taxiway-webhook`), or a path
 * to a module (`./connectors/webhook.js`, relative to `baseDir`). Checks its export shape and core version range.
 * Throws ConfigError with code CONNECTOR_NOT_FOUND, CONNECTOR_INVALID or CONNECTOR_INCOMPATIBLE.
 */
export async function loadConnector(
  spec: string,
  options: LoadConnectorOptions = {},
): Promise<ConnectorDescriptor> {
  const registered = await options.registry?.resolve(spec);
  if (registered) return registered;
  const baseDir = resolve(options.baseDir ?? process.cwd());
  const importModule = options.importModule ?? ((url: string) => import(url));

  let url: string;
  if (isPathSpec(spec)) {
    const path = spec.startsWith("file:") ? fileURLToPath(spec) : resolve(baseDir, spec);
    // A package folder (`./connectors/webhook`) loads through its package.json entry.
    url = pathToFileURL(isPackageDirectory(path) ? packageEntry(path) : path).href;
  } else {
    const packageName = BUNDLED_CONNECTORS[spec] ?? spec;
    const resolved = resolvePackage(packageName, baseDir);
    if (!resolved) {
      const known = [
        ...new Set([...(options.registry?.types() ?? []), ...Object.keys(BUNDLED_CONNECTORS)]),
      ].sort();
      throw new ConfigError(
        `no connector "${spec}": not a bundled type (${known.join(", ")}) and package "${packageName}" is not installed where ${baseDir} can resolve it`,
        { code: "CONNECTOR_NOT_FOUND", details: { spec, baseDir, known } },
      );
    }
    url = pathToFileURL(resolved).href;
  }

  let mod: unknown;
  try {
    mod = await importModule(url);
  } catch (cause) {
    const missing = (cause as { code?: string }).code === "ERR_MODULE_NOT_FOUND";
    throw new ConfigError(
      missing
        ? `connector "${spec}" not found at ${url}`
        : `connector "${spec}" failed to load from ${url}: ${(cause as Error).message}`,
      { code: missing ? "CONNECTOR_NOT_FOUND" : "CONNECTOR_INVALID", cause, details: { spec, url } },
    );
  }
  return validateConnectorModule(mod, `"${spec}"`);
}
