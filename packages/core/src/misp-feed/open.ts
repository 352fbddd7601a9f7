import type { OpenedSource, SourceContext } from "../source/descriptor.js";
import { createSourceHttp } from "../source/http-settings.js";
import type { MispFeedSourceConfig } from "./config.js";
import { MispFeedStream } from "./feed-stream.js";

/** Opens the misp-feed source (kept apart from the descriptor so that validating a job never loads it). */
export async function openMispFeedSource(
  config: MispFeedSourceConfig,
  context: SourceContext,
): Promise<OpenedSource> {
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
}
