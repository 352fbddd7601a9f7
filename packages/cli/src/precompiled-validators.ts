import type { ConnectorSchema, PrecompiledValidators } from "@taxiway/core/config";

/**
 * What the build generated for the bundled connectors (scripts/precompile-validators.mjs), or nothing when running
 * from the sources (the tests): then every schema is compiled and every connector imported.
 */
const generated = () => import("./precompiled/index.js").catch(() => undefined);

/**
 * The job validators generated at build time for the bundled connectors: one per connector type, each for the job
 * schema whose sinks are all of that type, by schema key (core's jobValidator checks the schema text it carries). A job with other sink types (several kinds at once, a
 * third-party connector or source) has its schema compiled at start-up instead.
 */
export const precompiledValidators: PrecompiledValidators = async (key) => {
  const load = (await generated())?.PRECOMPILED[key];
  return load ? await load() : undefined;
};

/**
 * A bundled connector's config schema as the build recorded it (after the connector loaded and passed the
 * descriptor checks), so `taxiway validate` need not import the connector and its client libraries.
 */
export async function bundledConnectorSchema(type: string): Promise<ConnectorSchema | undefined> {
  const load = (await generated())?.CONNECTOR_SCHEMAS[type];
  return load ? { configSchema: (await load()).configSchema } : undefined;
}
