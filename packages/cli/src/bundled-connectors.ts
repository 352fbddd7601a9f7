import type { ConnectorDescriptor } from "@taxiway/core";
import { type BUNDLED_CONNECTORS, ConnectorRegistry } from "@taxiway/core/config";

/**
 * The connectors that ship with the CLI, imported only when a job names them. The specifiers are literal so that
 * Node resolves them from the CLI's own dependencies (wherever the job file lives) and esbuild bundles them into
 * the standalone build (scripts/package.mjs).
 */
const LOADERS: Record<keyof typeof BUNDLED_CONNECTORS & string, () => Promise<unknown>> = {
  csv: () => import("@taxiway/connector-csv"),
  elasticsearch: () => import("@taxiway/connector-elasticsearch"),
  kafka: () => import("@taxiway/connector-kafka"),
  opensearch: () => import("@taxiway/connector-opensearch"),
  sentinel: () => import("@taxiway/connector-sentinel"),
  "splunk-hec": () => import("@taxiway/connector-splunk-hec"),
  "splunk-es-intel": () => import("@taxiway/connector-splunk-hec/es-intel"),
  taxii: () => import("@taxiway/connector-taxii"),
};

/** A registry with every bundled connector registered lazily. */
export function bundledRegistry(): ConnectorRegistry {
  const registry = new ConnectorRegistry();
  for (const [type, load] of Object.entries(LOADERS)) registry.registerLazy(type, load);
  return registry;
}

/** Every bundled connector that loads, by type, plus the problems of those that do not. */
export async function loadBundledConnectors(): Promise<{
  connectors: ConnectorDescriptor[];
  problems: string[];
}> {
  const registry = bundledRegistry();
  const connectors: ConnectorDescriptor[] = [];
  const problems: string[] = [];
  for (const type of registry.types()) {
    try {
      const descriptor = await registry.resolve(type);
      if (descriptor) connectors.push(descriptor);
    } catch (error) {
      problems.push(`${type}: ${(error as Error).message}`);
    }
  }
  return { connectors, problems };
}
