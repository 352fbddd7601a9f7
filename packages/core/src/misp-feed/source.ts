import { defineSource } from "../source/descriptor.js";
import { CORE_VERSION } from "../version.js";
import { type MispFeedSourceConfig, mispFeedSourceSchema } from "./config.js";

/** `source: { type: misp-feed, url: https://…/feed/ }`: one stream, the feed, keyed by its URL. */
export const mispFeedSource = defineSource<MispFeedSourceConfig>({
  type: "misp-feed",
  version: CORE_VERSION,
  coreVersion: `^${CORE_VERSION}`,
  configSchema: mispFeedSourceSchema,
  describe: (config) => `source ${config.url}`,
  async open(config, context) {
    return (await import("./open.js")).openMispFeedSource(config, context);
  },
});
