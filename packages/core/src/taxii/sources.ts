import { parseDuration, parseSize } from "../config/units.js";
import { ConfigError } from "../errors/index.js";
import { HttpClient, RateLimiter } from "../http/index.js";
import type { Logger } from "../logging/index.js";
import { CORE_VERSION } from "../version.js";
import { createAuth } from "./auth.js";
import { TaxiiClient } from "./client.js";
import { findCollection } from "./collections.js";
import type { PageSource } from "./page.js";
import { TaxiiPageSource } from "./page-source.js";
import { MemorySeenIndex, type SeenIndex, SqliteSeenIndex } from "./paging/index.js";
import type { TaxiiSourceConfig } from "./source-config.js";
import { refuseUrlCredentials } from "./url-credentials.js";

export interface TaxiiSourceContext {
  logger: Logger;
  signal?: AbortSignal;
  /**
   * SQLite file for the seen-index of collections whose server offers no usable cursor. Without it (dry runs,
   * `check`) the index lives in memory for one poll only.
   */
  seenIndexPath?: string;
  /** The seen-index of a collection kept by the job's checkpoint store (takes precedence over `seenIndexPath`). */
  openSeenIndex?: (collection: string) => SeenIndex;
}

function ms(value: string | number | undefined, fallback: number): number {
  return value === undefined ? fallback : (parseDuration(value) ?? fallback);
}

/** The HTTP client and TAXII client a source config describes. Callers close `http` when done. */
export function createTaxiiClient(
  config: TaxiiSourceConfig,
  context: TaxiiSourceContext,
): { client: TaxiiClient; http: HttpClient } {
  refuseUrlCredentials(config.url);
  if (config.auth?.type === "jwt") refuseUrlCredentials(config.auth.login_url, "source.auth.login_url");
  const http = new HttpClient({
    tls: config.tls,
    proxy: config.proxy,
    connectTimeoutMs: ms(config.timeouts?.connect, 30_000),
    headersTimeoutMs: ms(config.timeouts?.headers, 120_000),
    bodyTimeoutMs: ms(config.timeouts?.body, 120_000),
    requestTimeoutMs: ms(config.timeouts?.request, 600_000),
    maxResponseBytes:
      config.max_response_bytes === undefined
        ? 256 * 1024 * 1024
        : (parseSize(config.max_response_bytes) ?? 256 * 1024 * 1024),
    userAgent: `taxiway/${CORE_VERSION}`,
  });
  const client = new TaxiiClient({
    http,
    auth: createAuth(config.auth, http),
    retries: config.retries ?? 5,
    logger: context.logger,
    version: config.version === "2.0" || config.version === "2.1" ? config.version : undefined,
    headers: config.headers,
    signal: context.signal,
    ...(config.rate_limit
      ? { rateLimiter: new RateLimiter(config.rate_limit.requests, ms(config.rate_limit.per, 60_000)) }
      : {}),
  });
  return { client, http };
}

export interface TaxiiSources {
  sources: PageSource[];
  close(): Promise<void>;
}

/** One PageSource per configured collection, resolved by id, alias or title through the API root. */
export async function createTaxiiSources(
  config: TaxiiSourceConfig,
  context: TaxiiSourceContext,
): Promise<TaxiiSources> {
  const wanted = config.collections ?? (config.collection ? [config.collection] : []);
  if (wanted.length === 0) throw new ConfigError("source: name a collection (collection: or collections:)");
  const { client, http } = createTaxiiClient(config, context);
  try {
    const { apiRootUrl } = await client.resolveApiRoot(config.url);
    const listed = await client.collections(apiRootUrl);
    const match = config.match
      ? { type: config.match.type, id: config.match.id, spec_version: config.match.spec_version }
      : undefined;
    const sources = wanted.map((name) => {
      const info = findCollection(name, listed, apiRootUrl);
      if (info.can_read === false)
        throw new ConfigError(
          `collection '${name}' at ${apiRootUrl} is not readable with these credentials (can_read: false)`,
          {
            code: "TAXII_COLLECTION_NOT_READABLE",
          },
        );
      return new TaxiiPageSource({
        client,
        collection: name,
        collectionUrl: `${apiRootUrl}collections/${encodeURIComponent(info.id)}/`,
        pageSize: config.page_size ?? 1000,
        pagination: config.pagination ?? "auto",
        match,
        logger: context.logger,
        openSeenIndex: () =>
          context.openSeenIndex
            ? context.openSeenIndex(name)
            : context.seenIndexPath
              ? new SqliteSeenIndex(context.seenIndexPath, name)
              : new MemorySeenIndex(),
      });
    });
    return { sources, close: () => http.close() };
  } catch (error) {
    await http.close();
    throw error;
  }
}
