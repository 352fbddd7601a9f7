import type { HttpClient, HttpResponse } from "../http/index.js";
import { parseJsonSafely } from "../http/index.js";
import type { RateLimiter } from "../http/rate-limit.js";
import type { Logger } from "../logging/index.js";
import { withRetries } from "../retry/index.js";
import type { StixObject } from "../stix/types.js";
import type { AuthProvider } from "./auth.js";
import { type NormalizedEnvelope, normalizeEnvelope } from "./envelope.js";
import { TaxiiHttpError, TaxiiProtocolError } from "./errors.js";
import { acceptFor, isJsonContentType, TAXII_21, type TaxiiVersion, versionFromList } from "./media-types.js";

export interface TaxiiClientOptions {
  http: HttpClient;
  auth: AuthProvider;
  retries: number;
  logger: Logger;
  /** Fixed version, or undefined to read it from the API root. */
  version?: TaxiiVersion;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Paces every request, retries included, to the server's allowance. */
  rateLimiter?: RateLimiter;
}

export interface TaxiiResult<T> {
  body: T;
  headers: Record<string, string | undefined>;
  bytes: number;
}

export interface Discovery {
  title?: string;
  description?: string;
  default?: string;
  api_roots?: string[];
}

export interface ApiRoot {
  title?: string;
  versions?: string[];
  max_content_length?: number;
}

export interface CollectionInfo {
  id: string;
  title: string;
  alias?: string;
  description?: string;
  can_read: boolean;
  can_write: boolean;
  media_types?: string[];
}

export interface ObjectsQuery {
  added_after?: string;
  limit?: number;
  next?: string;
  match?: Record<string, string[] | undefined>;
}

export interface ManifestRecord {
  id: string;
  date_added: string;
  version: string;
  media_type?: string;
}

/** A TAXII 2.0 manifest (`objects: [{id, date_added, versions: [...], media_types: [...]}]`) as 2.1-style records. */
export function manifest20Records(body: unknown): ManifestRecord[] {
  const entries = (body as { objects?: unknown } | null)?.objects;
  if (!Array.isArray(entries)) return [];
  const records: ManifestRecord[] = [];
  for (const entry of entries as Array<Record<string, unknown>>) {
    if (typeof entry?.id !== "string") continue;
    const dateAdded = typeof entry.date_added === "string" ? entry.date_added : "";
    const mediaType = Array.isArray(entry.media_types) ? entry.media_types[0] : undefined;
    const versions = Array.isArray(entry.versions) ? entry.versions : [];
    for (const version of versions)
      if (typeof version === "string")
        records.push({
          id: entry.id,
          date_added: dateAdded,
          version,
          ...(typeof mediaType === "string" ? { media_type: mediaType } : {}),
        });
  }
  return records;
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

function queryString(query: ObjectsQuery): string {
  const params = new URLSearchParams();
  if (query.added_after) params.set("added_after", query.added_after);
  if (query.limit) params.set("limit", String(query.limit));
  if (query.next) params.set("next", query.next);
  for (const [name, values] of Object.entries(query.match ?? {}))
    if (values && values.length > 0) params.set(`match[${name}]`, values.join(","));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Plain methods for every TAXII endpoint, with retries, auth renewal and typed errors. */
export class TaxiiClient {
  private version?: TaxiiVersion;
  /** True once a collection request succeeded with the version in use (auto-detected versions only). */
  private versionConfirmed = false;

  constructor(private readonly options: TaxiiClientOptions) {
    this.version = options.version;
  }

  get taxiiVersion(): TaxiiVersion {
    return this.version ?? "2.1";
  }

  /**
   * One request with retries, auth renewal and typed errors. `read` (parsing the body, say) runs inside the retried
   * operation, so an answer it rejects as retryable (an HTML login page, truncated JSON) is fetched again.
   */
  private async send<T = HttpResponse>(
    method: "GET" | "POST" | "DELETE",
    url: string,
    extra: { body?: unknown; accept?: string; headers?: Record<string, string> } = {},
    read: (response: HttpResponse) => T = (response) => response as T,
  ): Promise<T> {
    const { http, auth, signal, logger } = this.options;
    let renewedAuth = false;
    const attempt = async (): Promise<HttpResponse> => {
      await this.options.rateLimiter?.acquire(signal);
      const headers: Record<string, string> = {
        accept: extra.accept ?? acceptFor(this.taxiiVersion),
        ...extra.headers,
        ...this.options.headers,
        ...(await auth.headers(signal)),
      };
      if (extra.body !== undefined) headers["content-type"] = acceptFor(this.taxiiVersion);
      const response = await http.send({
        method,
        url,
        headers,
        body: extra.body === undefined ? undefined : JSON.stringify(extra.body),
        signal,
      });
      // An expired JWT: log in again, once per request.
      if (response.status === 401 && !renewedAuth && auth.invalidate()) {
        renewedAuth = true;
        return attempt();
      }
      return response;
    };
    return withRetries(
      async () => {
        const response = await attempt();
        if (response.status >= 400) {
          throw new TaxiiHttpError({
            status: response.status,
            url,
            body: response.text,
            contentType: response.headers["content-type"],
            retryAfter: response.headers["retry-after"],
            offered:
              response.status === 406 ? (response.headers.accept ?? "a different TAXII version") : undefined,
          });
        }
        return read(response);
      },
      {
        retries: this.options.retries,
        signal,
        onRetry: (error, attempt, delayMs) =>
          logger.warn(
            { url, attempt, delayMs, err: (error as Error).message },
            "TAXII request failed; retrying",
          ),
      },
    );
  }

  private parse<T>(response: HttpResponse): T {
    if (!response.text.trim()) return {} as T;
    if (!isJsonContentType(response.headers["content-type"]) && /^\s*</.test(response.text)) {
      throw new TaxiiProtocolError(
        `${response.url} answered with ${response.headers["content-type"]} instead of TAXII JSON (a proxy or login page?): ${response.text
          .replace(/<[^>]*>/g, " ")
          .replace(/\s+/g, " ")
          .trim()
          .slice(0, 160)}`,
        { url: response.url },
        true,
      );
    }
    try {
      return parseJsonSafely(response.text) as T;
    } catch (error) {
      throw new TaxiiProtocolError(
        `${response.url} answered with malformed JSON (${(error as Error).message}); ${response.bytes} bytes`,
        { url: response.url },
        true,
      );
    }
  }

  async get<T>(
    url: string,
    accept?: string,
    headers?: Record<string, string>,
    check?: (body: T, response: HttpResponse) => void,
  ): Promise<TaxiiResult<T>> {
    return this.send("GET", url, { accept, headers }, (response) => {
      const body = this.parse<T>(response);
      check?.(body, response);
      return { body, headers: response.headers, bytes: response.bytes };
    });
  }

  /** Fetches `url` and tells whether it is a discovery endpoint or an API root; returns the API root URL. */
  async resolveApiRoot(
    url: string,
  ): Promise<{ apiRootUrl: string; apiRoot: ApiRoot; discovery?: Discovery }> {
    const first = await this.get<Discovery & ApiRoot>(
      withSlash(url),
      `${TAXII_21}, application/vnd.oasis.taxii+json; version=2.0`,
    );
    const body = first.body;
    if (body.default || body.api_roots) {
      const root = body.default ?? body.api_roots?.[0];
      if (!root) throw new TaxiiProtocolError(`discovery at ${url} lists no API roots`, { url });
      const apiRootUrl = withSlash(new URL(root, url).toString());
      const apiRoot = (
        await this.get<ApiRoot>(apiRootUrl, `${TAXII_21}, application/vnd.oasis.taxii+json; version=2.0`)
      ).body;
      this.version ??= versionFromList(apiRoot.versions);
      return { apiRootUrl, apiRoot, discovery: body };
    }
    this.version ??= versionFromList(body.versions);
    return { apiRootUrl: withSlash(url), apiRoot: body };
  }

  async discovery(url: string): Promise<Discovery> {
    return (await this.get<Discovery>(withSlash(url))).body;
  }

  async apiRoot(apiRootUrl: string): Promise<ApiRoot> {
    return (await this.get<ApiRoot>(withSlash(apiRootUrl))).body;
  }

  async collections(apiRootUrl: string): Promise<CollectionInfo[]> {
    const body = (
      await this.negotiated(() =>
        this.get<{ collections?: CollectionInfo[] }>(`${withSlash(apiRootUrl)}collections/`),
      )
    ).body;
    return Array.isArray(body.collections) ? body.collections : [];
  }

  async collection(apiRootUrl: string, id: string): Promise<CollectionInfo> {
    return (await this.get<CollectionInfo>(`${withSlash(apiRootUrl)}collections/${encodeURIComponent(id)}/`))
      .body;
  }

  async objects(collectionUrl: string, query: ObjectsQuery): Promise<TaxiiResult<NormalizedEnvelope>> {
    return this.negotiated(async () => {
      if (this.taxiiVersion === "2.0") return this.rangeObjects(collectionUrl, query);
      let envelope: NormalizedEnvelope | undefined;
      const result = await this.get<unknown>(
        `${withSlash(collectionUrl)}objects/${queryString(query)}`,
        undefined,
        undefined,
        (body, response) => {
          envelope = normalizeEnvelope(body);
          if (envelope.malformed)
            throw new TaxiiProtocolError(
              `${response.url} answered with a malformed TAXII envelope: ${envelope.malformed}`,
              { url: response.url },
              true,
            );
        },
      );
      return { ...result, body: envelope as NormalizedEnvelope };
    });
  }

  /**
   * A 406 to the first request past the API root, when the version was read from the API root rather than configured:
   * the API root said one version and the endpoints speak the other. Retried once with the other version.
   */
  private async negotiated<T>(call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      this.versionConfirmed = true;
      return result;
    } catch (error) {
      if (
        this.versionConfirmed ||
        this.options.version !== undefined ||
        !(error instanceof TaxiiHttpError && error.status === 406)
      )
        throw error;
      this.versionConfirmed = true;
      const other = this.taxiiVersion === "2.0" ? "2.1" : "2.0";
      this.options.logger.warn(
        { from: this.taxiiVersion, to: other },
        "the server refused this TAXII version (406): trying the other one",
      );
      this.version = other;
      return call();
    }
  }

  /**
   * TAXII 2.0 has no `limit` or `next`: pages are `Range: items a-b` and the answer's `Content-Range: items
   * a-b/total`. The offset travels as the `next` token, so callers page 2.0 and 2.1 the same way; the offsets
   * are relative to the chain's query, which the page source keeps unchanged for the whole chain.
   */
  private async rangePage<T>(
    url: string,
    accept: string,
    query: ObjectsQuery,
    itemsOf: (body: unknown) => T[],
  ): Promise<TaxiiResult<{ objects: T[]; more: boolean; next?: string }>> {
    const first = query.next !== undefined ? Number(query.next) : 0;
    const size = query.limit ?? 100;
    let result: TaxiiResult<unknown>;
    try {
      result = await this.get<unknown>(
        `${url}${queryString({ added_after: query.added_after, match: query.match })}`,
        accept,
        { range: `items ${first}-${first + size - 1}` },
      );
    } catch (error) {
      // 416: the offset is past the end (the result shrank between pages): nothing more to read.
      if (error instanceof TaxiiHttpError && error.status === 416)
        return { body: { objects: [], more: false }, headers: {}, bytes: 0 };
      throw error;
    }
    const objects = itemsOf(result.body);
    const range = /items\s+(\d+)-(\d+)\/(\d+|\*)/i.exec(result.headers["content-range"] ?? "");
    if (!range) return { ...result, body: { objects, more: false } };
    const last = Number(range[2]);
    const more = range[3] === "*" ? objects.length >= size : last + 1 < Number(range[3]);
    return { ...result, body: { objects, more, ...(more ? { next: String(last + 1) } : {}) } };
  }

  private rangeObjects(collectionUrl: string, query: ObjectsQuery): Promise<TaxiiResult<NormalizedEnvelope>> {
    return this.rangePage(
      `${withSlash(collectionUrl)}objects/`,
      acceptFor("2.0", true),
      query,
      (body) => normalizeEnvelope(body).objects,
    );
  }

  /** One record per object version: 2.1 lists versions one by one; a 2.0 entry lists an object's versions together. */
  async manifest(
    collectionUrl: string,
    query: ObjectsQuery,
  ): Promise<TaxiiResult<{ objects: ManifestRecord[]; more: boolean; next?: string }>> {
    return this.negotiated(() => this.manifestPage(collectionUrl, query));
  }

  private async manifestPage(
    collectionUrl: string,
    query: ObjectsQuery,
  ): Promise<TaxiiResult<{ objects: ManifestRecord[]; more: boolean; next?: string }>> {
    if (this.taxiiVersion === "2.0")
      return this.rangePage(
        `${withSlash(collectionUrl)}manifest/`,
        acceptFor("2.0"),
        query,
        manifest20Records,
      );
    const result = await this.get<{ objects?: ManifestRecord[]; more?: boolean; next?: string }>(
      `${withSlash(collectionUrl)}manifest/${queryString(query)}`,
    );
    const body = result.body;
    return { ...result, body: { objects: body.objects ?? [], more: body.more === true, next: body.next } };
  }

  async getObject(collectionUrl: string, id: string, query: ObjectsQuery = {}): Promise<StixObject[]> {
    const result = await this.get<unknown>(
      `${withSlash(collectionUrl)}objects/${encodeURIComponent(id)}/${queryString(query)}`,
    );
    return normalizeEnvelope(result.body).objects;
  }

  /** Deletes every version unless `query.match.version` narrows it (servers default to the latest only). */
  async deleteObject(
    collectionUrl: string,
    id: string,
    query: ObjectsQuery = { match: { version: ["all"] } },
  ): Promise<void> {
    await this.send(
      "DELETE",
      `${withSlash(collectionUrl)}objects/${encodeURIComponent(id)}/${queryString(query)}`,
    );
  }

  async versions(collectionUrl: string, id: string): Promise<string[]> {
    const body = (
      await this.get<{ versions?: string[] }>(
        `${withSlash(collectionUrl)}objects/${encodeURIComponent(id)}/versions/`,
      )
    ).body;
    return body.versions ?? [];
  }

  async addObjects(collectionUrl: string, objects: readonly StixObject[]): Promise<Record<string, unknown>> {
    const response = await this.send("POST", `${withSlash(collectionUrl)}objects/`, { body: { objects } });
    return this.parse<Record<string, unknown>>(response);
  }

  async status(apiRootUrl: string, statusId: string): Promise<Record<string, unknown>> {
    return (
      await this.get<Record<string, unknown>>(
        `${withSlash(apiRootUrl)}status/${encodeURIComponent(statusId)}/`,
      )
    ).body;
  }
}
