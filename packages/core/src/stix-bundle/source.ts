import { defineSource } from "../source/descriptor.js";
import { CORE_VERSION } from "../version.js";
import type { StixBundleSourceConfig } from "./config.js";
import { stixBundleSourceSchema } from "./schema.js";

/**
 * `source: { type: stix-bundle, path: ./intel/*.json }` or `{ url: https://… }`: one stream per matched file (keyed
 * by its path relative to the job file) or one for the URL, each with its own content-hash cursor (BundleStream).
 */
export const stixBundleSource = defineSource<StixBundleSourceConfig>({
  type: "stix-bundle",
  version: CORE_VERSION,
  coreVersion: `^${CORE_VERSION}`,
  configSchema: stixBundleSourceSchema,
  describe: (config) => `source ${config.url ?? [config.path ?? []].flat().join(", ")}`,
  async open(config, context) {
    return (await import("./open.js")).openStixBundleSource(config, context);
  },
});
