import { readFileSync } from "node:fs";
import type { Dispatcher } from "undici";
import { NetworkError } from "../errors/index.js";
import { maskedUrl } from "../logging/masked-url.js";
import { requestDeadline } from "./deadline.js";
import { ResponseTooLargeError } from "./errors.js";
import { toNetworkError } from "./network-errors.js";
import { readBody } from "./read-body.js";
import { nextHop } from "./redirects.js";
import { saveBody } from "./save-body.js";
import { loadUndiciParts, type UndiciParts } from "./undici-parts.js";

export interface TlsOptions {
  ca_file?: string;
  cert_file?: string;
  key_file?: string;
  /** Skip certificate verification. Explicit opt-in only. */
  insecure?: boolean;
}

export interface HttpClientOptions {
  tls?: TlsOptions;
  proxy?: string;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  /** Deadline of one whole request, headers and body (a body dripping a byte at a time ends here). */
  requestTimeoutMs?: number;
  maxResponseBytes: number;
  userAgent: string;
}

export interface HttpRequest {
  method?: "GET" | "HEAD" | "POST" | "PUT" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Stream a 2xx body into this file instead of `text` (which is then empty): large downloads, never held whole. */
  saveTo?: string;
}

export interface HttpResponse {
  url: string;
  status: number;
  headers: Record<string, string | undefined>;
  text: string;
  /** Decoded body bytes. */
  bytes: number;
}

function connectOptions(tls: TlsOptions | undefined, connectTimeoutMs: number) {
  return {
    timeout: connectTimeoutMs,
    rejectUnauthorized: !(tls?.insecure ?? false),
    ...(tls?.ca_file ? { ca: readFileSync(tls.ca_file) } : {}),
    ...(tls?.cert_file ? { cert: readFileSync(tls.cert_file) } : {}),
    ...(tls?.key_file ? { key: readFileSync(tls.key_file) } : {}),
  };
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers))
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  return flat;
}

/** One keep-alive connection pool with timeouts, TLS, proxy, decompression and a response size cap. No retries here. */
export class HttpClient {
  // undici is loaded with the first request, not with core: `taxiway validate` never pays for it.
  #pool?: Promise<{ dispatcher: Dispatcher; request: UndiciParts["request"] }>;
  readonly #connect: ReturnType<typeof connectOptions>;
  readonly #maskedProxy: string | undefined;

  constructor(private readonly options: HttpClientOptions) {
    this.#connect = connectOptions(options.tls, options.connectTimeoutMs);
    this.#maskedProxy = options.proxy === undefined ? undefined : maskedUrl(options.proxy);
  }

  #undici(): Promise<{ dispatcher: Dispatcher; request: UndiciParts["request"] }> {
    this.#pool ??= loadUndiciParts().then(({ Agent, ProxyAgent, request }) => {
      const { options } = this;
      const connect = this.#connect;
      const dispatcher = options.proxy
        ? new ProxyAgent({
            uri: options.proxy,
            requestTls: connect,
            connect,
            maxResponseSize: options.maxResponseBytes,
          })
        : new Agent({ connect, keepAliveTimeout: 10_000, maxResponseSize: options.maxResponseBytes });
      return { dispatcher, request };
    });
    return this.#pool;
  }

  /**
   * One request, following same-origin redirects (at most 5, RFC 9110 §15.4: 303, and 301/302 after a POST, become
   * a GET without body; 307/308 keep both). A redirect to another origin throws a ConfigError naming the target:
   * credentials are never forwarded across origins. `requestTimeoutMs` bounds each hop from request to last byte.
   */
  async send(req: HttpRequest): Promise<HttpResponse> {
    let current = req;
    for (let hop = 0; ; hop++) {
      const response = await this.#once(current);
      const next = nextHop(current, response, hop);
      if (!next) return response;
      current = next;
    }
  }

  async #once(req: HttpRequest): Promise<HttpResponse> {
    const deadline = requestDeadline(this.options.requestTimeoutMs, req.signal);
    const signal = deadline?.signal ?? req.signal;
    const { dispatcher, request } = await this.#undici();
    try {
      const url = new URL(req.url);
      const response = await request(dispatcher, {
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: req.method ?? "GET",
        headers: {
          "user-agent": this.options.userAgent,
          "accept-encoding": "gzip, deflate, br",
          ...req.headers,
        },
        body: req.body,
        signal,
        headersTimeout: this.options.headersTimeoutMs,
        bodyTimeout: this.options.bodyTimeoutMs,
      });
      const headers = flatten(response.headers);
      if (req.saveTo && response.statusCode >= 200 && response.statusCode < 300) {
        const saved = await saveBody(
          response.body,
          headers["content-encoding"],
          this.options.maxResponseBytes,
          req.url,
          req.saveTo,
        );
        return { url: req.url, status: response.statusCode, headers, text: "", bytes: saved };
      }
      const { text, bytes } = await readBody(
        response.body,
        headers["content-encoding"],
        this.options.maxResponseBytes,
        req.url,
        headers["content-length"],
      );
      return { url: req.url, status: response.statusCode, headers, text, bytes };
    } catch (error) {
      if ((error as { code?: string }).code === "UND_ERR_RES_EXCEEDED_MAX_SIZE")
        throw new ResponseTooLargeError(req.url, this.options.maxResponseBytes);
      if (deadline?.expired && !req.signal?.aborted)
        throw new NetworkError(
          `request to ${req.url} failed: no complete answer within ${this.options.requestTimeoutMs} ms (timeouts.request)`,
          { code: "NETWORK_REQUEST_TIMEOUT", cause: error, details: { url: req.url } },
        );
      throw toNetworkError(error, req.url, req.signal, this.#maskedProxy);
    } finally {
      deadline?.clear();
    }
  }

  async close(): Promise<void> {
    if (this.#pool) await (await this.#pool).dispatcher.close();
  }
}
