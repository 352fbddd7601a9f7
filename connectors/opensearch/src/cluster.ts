import { BULK_FILTER_PATH, type BulkItem, type IndexCluster } from "@taxiway/connector-elasticsearch";
import { type CheckResult, CORE_VERSION, HttpClient, parseJsonSafely } from "@taxiway/core";
import type { OpenSearchSinkConfig } from "./config.js";

export const OPENSEARCH = { name: "opensearch", code: "OPENSEARCH" } as const;

/** Bulk responses name every operation: cap them well above what a 100 MB request can produce, never unbounded. */
const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/** A cluster answer of 400 or more; `status` is what IndexSink classifies. */
export class OpenSearchResponseError extends Error {
  constructor(
    readonly status: number,
    readonly type: string | undefined,
    reason: string,
  ) {
    super(`HTTP ${status}${type ? ` ${type}` : ""}: ${reason}`);
    this.name = "OpenSearchResponseError";
  }
}

interface ErrorBody {
  error?: { type?: string; reason?: string } | string;
}

/**
 * OpenSearch over plain HTTP (undici, through core's client: TLS verification on, response size capped). The
 * official Elasticsearch client refuses OpenSearch servers, and the five calls the sink makes need no client
 * library.
 */
export class OpenSearchCluster implements IndexCluster {
  readonly product = OPENSEARCH;
  private readonly http: HttpClient;
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private closed = false;

  constructor(config: OpenSearchSinkConfig) {
    const timeout = config.request_timeout ?? 60_000;
    this.http = new HttpClient({
      ...(config.tls ? { tls: config.tls } : {}),
      connectTimeoutMs: Math.min(timeout, 10_000),
      headersTimeoutMs: timeout,
      bodyTimeoutMs: timeout,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      userAgent: `taxiway/${CORE_VERSION}`,
    });
    this.base = config.node.replace(/\/+$/, "");
    this.headers = config.auth
      ? {
          authorization: `Basic ${Buffer.from(`${config.auth.username}:${config.auth.password}`).toString("base64")}`,
        }
      : {};
  }

  private async call(
    method: "GET" | "HEAD" | "POST" | "PUT",
    path: string,
    options: { body?: string; contentType?: string; signal?: AbortSignal; allow?: number[] } = {},
  ): Promise<{ status: number; body: unknown }> {
    const response = await this.http.send({
      method,
      url: `${this.base}${path}`,
      headers: {
        ...this.headers,
        accept: "application/json",
        ...(options.body !== undefined ? { "content-type": options.contentType ?? "application/json" } : {}),
      },
      ...(options.body !== undefined ? { body: options.body } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const body = response.text ? parseJsonSafely(response.text) : undefined;
    if (response.status >= 400 && !options.allow?.includes(response.status)) {
      const error = (body as ErrorBody | undefined)?.error;
      const type = typeof error === "object" ? error.type : undefined;
      const reason =
        typeof error === "object" ? (error.reason ?? "") : (error ?? response.text.slice(0, 200));
      throw new OpenSearchResponseError(response.status, type, reason);
    }
    return { status: response.status, body };
  }

  async putIndexTemplate(template: Record<string, unknown>): Promise<void> {
    const { name, ...body } = template;
    await this.call("PUT", `/_index_template/${encodeURIComponent(String(name))}`, {
      body: JSON.stringify(body),
    });
  }

  async ensureIndex(index: string): Promise<void> {
    const path = `/${encodeURIComponent(index)}`;
    const exists = await this.call("HEAD", path, { allow: [404] });
    if (exists.status === 200) return;
    await this.call("PUT", path, { body: "{}" }).catch((error: unknown) => {
      if (!(error instanceof OpenSearchResponseError && error.type === "resource_already_exists_exception"))
        throw error;
    });
  }

  async bulk(body: string, signal: AbortSignal): Promise<BulkItem[]> {
    const response = await this.call("POST", `/_bulk?filter_path=${BULK_FILTER_PATH}`, {
      body,
      contentType: "application/x-ndjson",
      signal,
    });
    const items = (response.body as { items?: Array<Record<string, BulkItem>> } | undefined)?.items ?? [];
    return items.map((item) => Object.values(item)[0] as BulkItem);
  }

  async post(path: string, body: unknown, signal: AbortSignal): Promise<Record<string, unknown>> {
    const response = await this.call("POST", path, {
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal,
    });
    return (response.body as Record<string, unknown> | undefined) ?? {};
  }

  statusOf(error: unknown): number | undefined {
    return error instanceof OpenSearchResponseError ? error.status : undefined;
  }

  /** Reachable, authenticated, really OpenSearch, and which version. */
  async check(signal: AbortSignal): Promise<CheckResult> {
    try {
      const { body } = await this.call("GET", "/", { signal });
      const version = (body as { version?: { distribution?: string; number?: string } } | undefined)?.version;
      if (version?.distribution !== "opensearch")
        return {
          ok: false,
          message: `opensearch: the server at ${this.base} is not OpenSearch${version?.number ? ` (it reports version ${version.number}; for Elasticsearch use type: elasticsearch)` : ""}`,
          details: { retryable: false },
        };
      return { ok: true, message: `opensearch ${version.number ?? "?"}: reachable at ${this.base}` };
    } catch (error) {
      const status = this.statusOf(error);
      if (status === 401 || status === 403)
        return {
          ok: false,
          message: `opensearch: credentials rejected (HTTP ${status}): check auth`,
          details: { status, retryable: false },
        };
      return {
        ok: false,
        message: `opensearch: cannot reach the cluster at ${this.base}: ${(error as Error).message}`,
        details: { retryable: status === undefined || status >= 500 },
      };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.http.close();
  }
}
