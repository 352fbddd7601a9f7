import { ConfigError, TaxiwayError } from "../../errors/index.js";
import { HttpClient, parseJsonSafely } from "../../http/index.js";
import { maskedUrl } from "../../logging/masked-url.js";
import { CORE_VERSION } from "../../version.js";

/** Credentials, in the shape the Elasticsearch and OpenSearch sinks take (`auth:` of the sink config). */
export type SearchAuth = { api_key: string } | { username: string; password: string } | { bearer: string };

/** TLS, in the shape the sinks take (`tls:`), minus `ca_fingerprint`. */
export interface SearchTls {
  ca_file?: string;
  insecure?: boolean;
}

export interface SearchConnection {
  url: string;
  auth?: SearchAuth;
  tls?: SearchTls;
}

export interface SearchReply {
  status: number;
  body: Record<string, unknown>;
}

function authorization(auth: SearchAuth | undefined): Record<string, string> {
  if (!auth) return {};
  if ("api_key" in auth) return { authorization: `ApiKey ${auth.api_key}` };
  if ("bearer" in auth) return { authorization: `Bearer ${auth.bearer}` };
  return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}` };
}

/**
 * The few REST calls the Elasticsearch/OpenSearch checkpoint store makes (document GET/PUT/_update, _mget, _bulk,
 * _delete_by_query), on core's HTTP client: the store works the same against both products and needs neither
 * product's client library. Credentials in the URL are moved into an Authorization header and masked in messages.
 */
export class SearchHttp {
  readonly location: string;
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly http: HttpClient;

  constructor(connection: SearchConnection) {
    this.location = maskedUrl(connection.url);
    const url = new URL(connection.url);
    const inUrl =
      url.username || url.password
        ? {
            username: decodeURIComponent(url.username),
            password: decodeURIComponent(url.password),
          }
        : undefined;
    url.username = "";
    url.password = "";
    this.base = url.toString().replace(/\/$/, "");
    this.headers = { "content-type": "application/json", ...authorization(connection.auth ?? inUrl) };
    this.http = new HttpClient({
      tls: connection.tls,
      connectTimeoutMs: 15_000,
      headersTimeoutMs: 60_000,
      bodyTimeoutMs: 60_000,
      requestTimeoutMs: 120_000,
      maxResponseBytes: 64 * 1024 * 1024,
      userAgent: `taxiway/${CORE_VERSION}`,
    });
  }

  /**
   * One call; answers with any status the caller handles (`accept`), and throws typed errors for the rest:
   * 401/403 → ConfigError, 429/5xx → retryable, other → not.
   */
  async send(
    method: "GET" | "PUT" | "POST" | "DELETE",
    path: string,
    body?: unknown,
    accept: readonly number[] = [],
  ): Promise<SearchReply> {
    const response = await this.http.send({
      method,
      url: `${this.base}${path}`,
      headers:
        typeof body === "string" ? { ...this.headers, "content-type": "application/x-ndjson" } : this.headers,
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    const parsed = response.text ? (parseJsonSafely(response.text) as Record<string, unknown>) : {};
    if ((response.status >= 200 && response.status < 300) || accept.includes(response.status))
      return { status: response.status, body: parsed };
    const reason = JSON.stringify((parsed as { error?: unknown }).error ?? parsed).slice(0, 300);
    if (response.status === 401 || response.status === 403)
      throw new ConfigError(
        `checkpoint store ${this.location} refused the credentials (${response.status}): ${reason}`,
        { code: "CHECKPOINT_STORE_AUTH" },
      );
    throw new TaxiwayError(
      `checkpoint store ${this.location}: ${method} ${path} → ${response.status}: ${reason}`,
      {
        code: "CHECKPOINT_STORE",
        retryable: response.status === 429 || response.status >= 500,
        details: { store: this.location, status: response.status },
      },
    );
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
