import { defineSource } from "../source/descriptor.js";
import { createSourceHttp } from "../source/http-settings.js";
import { CORE_VERSION } from "../version.js";
import { type MispFeedSourceConfig, mispFeedSourceSchema } from "./config.js";
import { MispFeedStream } from "./feed-stream.js";

/** `source: { type: misp-feed, url: https://…/feed/ }`: one stream, the feed, keyed by its URL. */
export const mispFeedSource = defineSource<MispFeedSourceConfig>({
  type: "misp-feed",
  version: CORE_VERSION,
  coreVersion: `^${CORE_VERSION}`,
  configSchema: mispFeedSourceSchema,
  describe: (config) => `source ${config.url}`,
  async open(config, context) {
    const url = config.url.endsWith("/") ? config.url : `${config.url}/`;
    const { http, auth } = createSourceHttp(config, url);
    const stream = new MispFeedStream({
      url,
      http,
      auth,
      retries: config.retries ?? 5,
      ...(config.headers ? { headers: config.headers } : {}),
      pageSize: config.page_size ?? 1000,
      logger: context.logger,
    });
    return { sources: [stream], close: () => http.close() };
  },
});
