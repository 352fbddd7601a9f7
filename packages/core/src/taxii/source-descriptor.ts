import { defineSource } from "../source/descriptor.js";
import { CORE_VERSION } from "../version.js";
import type { TaxiiSourceConfig } from "./source-config.js";
import { taxiiSourceSchema } from "./source-schema.js";

/**
 * `source: { type: taxii }`: one stream per configured collection, keyed in the checkpoint by the collection as
 * written, with the TAXII cursor (`added_after`, boundary ids, strategy) exactly as before sources were plugins.
 */
export const taxiiSource = defineSource<TaxiiSourceConfig>({
  type: "taxii",
  version: CORE_VERSION,
  coreVersion: `^${CORE_VERSION}`,
  configSchema: taxiiSourceSchema,
  // Imported on open: validating a job never loads the TAXII client.
  open: async (config, context) =>
    (await import("./sources.js")).createTaxiiSources(config, {
      logger: context.logger,
      signal: context.signal,
      ...(context.seenIndexPath ? { seenIndexPath: context.seenIndexPath } : {}),
      ...(context.openSeenIndex ? { openSeenIndex: context.openSeenIndex } : {}),
    }),
  describe: (config) => `source ${config.url}`,
});
