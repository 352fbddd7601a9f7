import type { OpenedSource, SourceContext } from "../source/descriptor.js";
import { createSourceHttp } from "../source/http-settings.js";
import { MemorySeenIndex, SqliteSeenIndex } from "../taxii/paging/index.js";
import { BundleStream } from "./bundle-stream.js";
import type { StixBundleSourceConfig } from "./config.js";
import { downloadBundle, localBundle, matchBundleFiles } from "./locate.js";

/** Opens the stix-bundle source (kept apart from the descriptor so that validating a job never loads it). */
export async function openStixBundleSource(
  config: StixBundleSourceConfig,
  context: SourceContext,
): Promise<OpenedSource> {
  const pageSize = config.page_size ?? 1000;
  const seenIndex = (key: string) => () =>
    context.openSeenIndex?.(key) ??
    (context.seenIndexPath ? new SqliteSeenIndex(context.seenIndexPath, key) : new MemorySeenIndex());
  if (config.url) {
    const url = config.url;
    const { http, auth } = createSourceHttp(config, url);
    const client = {
      http,
      auth,
      retries: config.retries ?? 5,
      headers: config.headers,
      logger: context.logger,
    };
    const stream = new BundleStream({
      key: url,
      locate: (state, signal) => downloadBundle(url, state, client, signal),
      pageSize,
      openSeenIndex: seenIndex(url),
      logger: context.logger,
    });
    return { sources: [stream], close: () => http.close() };
  }
  const files = await matchBundleFiles([config.path ?? []].flat(), context.baseDir);
  const sources = files.map(
    ({ key, path }) =>
      new BundleStream({
        key,
        locate: () => localBundle(path),
        pageSize,
        openSeenIndex: seenIndex(key),
        logger: context.logger,
      }),
  );
  return { sources, close: async () => {} };
}
