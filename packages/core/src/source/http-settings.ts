import { parseDuration, parseSize } from "../config/units.js";
import { ConfigError, NetworkError } from "../errors/index.js";
import { HttpClient, type HttpResponse } from "../http/index.js";
import type { Logger } from "../logging/index.js";
import { withRetries } from "../retry/index.js";
import { type AuthProvider, createAuth } from "../taxii/auth.js";
import { refuseUrlCredentials } from "../taxii/url-credentials.js";
import { CORE_VERSION } from "../version.js";
import type { HttpSourceSettings } from "./http-schema.js";

export { type HttpSourceSettings, httpSourceProperties } from "./http-schema.js";

function ms(value: string | number | undefined, fallback: number): number {
  return value === undefined ? fallback : (parseDuration(value) ?? fallback);
}

/** An HTTP client (TLS verified unless `tls.insecure`, size cap, timeouts, proxy) and the auth the settings name. */
export function createSourceHttp(
  settings: HttpSourceSettings,
  url: string,
): { http: HttpClient; auth: AuthProvider } {
  refuseUrlCredentials(url);
  const http = new HttpClient({
    tls: settings.tls,
    proxy: settings.proxy,
    connectTimeoutMs: ms(settings.timeouts?.connect, 30_000),
    headersTimeoutMs: ms(settings.timeouts?.headers, 120_000),
    bodyTimeoutMs: ms(settings.timeouts?.body, 120_000),
    requestTimeoutMs: ms(settings.timeouts?.request, 600_000),
    maxResponseBytes: parseSize(settings.max_response_bytes ?? 256 * 1024 * 1024) ?? 256 * 1024 * 1024,
    userAgent: `taxiway/${CORE_VERSION}`,
  });
  return { http, auth: createAuth(settings.auth, http) };
}

export interface ConditionalGet {
  url: string;
  /** Validators of the copy already delivered: sent as If-None-Match / If-Modified-Since (RFC 9110 §13.1). */
  etag?: string;
  lastModified?: string;
  /** Stream the body into this file instead of returning it as text. */
  saveTo?: string;
  retries: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  logger: Logger;
}

export type ConditionalResult =
  | { status: "not-modified" }
  | { status: "ok"; response: HttpResponse; etag?: string; lastModified?: string };

/**
 * A GET that says "not modified" (304) when the validators still match, retries transient failures (network, 429,
 * 5xx: NetworkError, retryable) and refuses the rest as configuration (401/403/404…: ConfigError SOURCE_HTTP_STATUS).
 */
export async function conditionalGet(
  http: HttpClient,
  auth: AuthProvider,
  request: ConditionalGet,
): Promise<ConditionalResult> {
  return withRetries(
    async () => {
      const response = await http.send({
        url: request.url,
        headers: {
          accept: "application/json, application/stix+json;q=0.9",
          ...request.headers,
          ...(await auth.headers(request.signal)),
          ...(request.etag ? { "if-none-match": request.etag } : {}),
          ...(request.lastModified ? { "if-modified-since": request.lastModified } : {}),
        },
        ...(request.saveTo ? { saveTo: request.saveTo } : {}),
        signal: request.signal,
      });
      if (response.status === 304) return { status: "not-modified" } as const;
      if (response.status >= 200 && response.status < 300)
        return {
          status: "ok" as const,
          response,
          ...(response.headers.etag ? { etag: response.headers.etag } : {}),
          ...(response.headers["last-modified"] ? { lastModified: response.headers["last-modified"] } : {}),
        };
      const details = { url: request.url, status: response.status };
      if (response.status === 429 || response.status >= 500)
        throw new NetworkError(`GET ${request.url} answered ${response.status}`, {
          code: "SOURCE_HTTP_STATUS",
          details,
        });
      throw new ConfigError(
        `GET ${request.url} answered ${response.status}: check the URL and the credentials`,
        {
          code: "SOURCE_HTTP_STATUS",
          details,
        },
      );
    },
    {
      retries: request.retries,
      signal: request.signal,
      onRetry: (error, attempt, delayMs) =>
        request.logger.warn(
          { url: request.url, attempt, delay_ms: delayMs, err: (error as Error).message },
          "retrying",
        ),
    },
  );
}
