import { type Dispatcher, request } from "undici";
import { splunkAgent } from "../shared.js";
import type { ResolvedEsIntelConfig } from "./config.js";

export interface KvAnswer {
  status: number;
  body: unknown;
  /** Splunk's own message (`messages[0].text`), or an excerpt of a non-JSON body. */
  message: string;
}

const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/** The Splunk management REST API for KV-store collections: one keep-alive pool, auth header, capped answers. */
export class KvClient {
  private readonly dispatcher: Dispatcher;

  constructor(private readonly config: ResolvedEsIntelConfig) {
    this.dispatcher = splunkAgent(config.maxInFlight, config.tls);
  }

  dataPath(collection: string, suffix = ""): string {
    const { owner, app } = this.config;
    return `/servicesNS/${encodeURIComponent(owner)}/${encodeURIComponent(app)}/storage/collections/data/${collection}${suffix}`;
  }

  configPath(collection: string): string {
    const { owner, app } = this.config;
    return `/servicesNS/${encodeURIComponent(owner)}/${encodeURIComponent(app)}/storage/collections/config/${collection}`;
  }

  async call(
    method: "GET" | "POST" | "DELETE",
    path: string,
    options: { query?: Record<string, string>; json?: unknown; signal?: AbortSignal } = {},
  ): Promise<KvAnswer> {
    const url = new URL(`${this.config.base.pathname.replace(/\/$/, "")}${path}`, this.config.base.origin);
    for (const [name, value] of Object.entries({ output_mode: "json", ...options.query }))
      url.searchParams.set(name, value);
    const response = await request(url, {
      method,
      headers: {
        authorization: this.config.authorization,
        ...(options.json !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: options.json !== undefined ? JSON.stringify(options.json) : undefined,
      signal: options.signal,
      dispatcher: this.dispatcher,
      headersTimeout: this.config.timeoutMs,
      bodyTimeout: this.config.timeoutMs,
    });
    let size = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_ANSWER_BYTES) {
        response.body.destroy();
        break;
      }
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString("utf8");
    try {
      const body = JSON.parse(text) as { messages?: Array<{ text?: string }> };
      return { status: response.statusCode, body, message: body?.messages?.[0]?.text ?? "" };
    } catch {
      const excerpt = text
        .replace(/<[^>]*>/g, " ")
        .replace(/\s+/g, " ")
        .trim()
        .slice(0, 160);
      return { status: response.statusCode, body: undefined, message: excerpt };
    }
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}
