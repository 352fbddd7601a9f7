import { promisify } from "node:util";
import { gzip as gzipCallback } from "node:zlib";
import { type Dispatcher, request } from "undici";
import type { ResolvedConfig } from "./config.js";
import type { HecAnswer } from "./hec-response.js";
import { splunkAgent } from "./shared.js";

const gzip = promisify(gzipCallback);

/** The HTTP side of HEC: one keep-alive pool, the token header, the channel, gzip, capped answers. */
export class HecClient {
  private readonly dispatcher: Dispatcher;

  constructor(
    private readonly config: ResolvedConfig,
    readonly channel: string,
  ) {
    this.dispatcher = splunkAgent(config.maxInFlight, config.tls);
  }

  url(path: string): string {
    return `${this.config.base.origin}${this.config.base.pathname.replace(/\/$/, "")}${path}`;
  }

  async post(
    path: string,
    body: string,
    signal?: AbortSignal,
    compress = this.config.gzip,
  ): Promise<{ status: number; answer: HecAnswer }> {
    const headers: Record<string, string> = {
      authorization: `Splunk ${this.config.token}`,
      "content-type": "application/json",
      "x-splunk-request-channel": this.channel,
    };
    let payload: string | Buffer = body;
    if (compress && body.length > 0) {
      payload = await gzip(body, { level: 4 });
      headers["content-encoding"] = "gzip";
    }
    const response = await request(this.url(path), {
      method: "POST",
      headers,
      body: payload,
      signal,
      dispatcher: this.dispatcher,
      headersTimeout: this.config.timeoutMs,
      bodyTimeout: this.config.timeoutMs,
    });
    const text = (await response.body.text()).slice(0, 64 * 1024);
    let answer: HecAnswer = {};
    try {
      answer = JSON.parse(text) as HecAnswer;
    } catch {
      answer = {
        text: text
          .replace(/<[^>]*>/g, " ")
          .replace(/\s+/g, " ")
          .trim()
          .slice(0, 160),
      };
    }
    return { status: response.statusCode, answer };
  }

  async get(path: string): Promise<{ status: number; answer: HecAnswer }> {
    const response = await request(this.url(path), {
      dispatcher: this.dispatcher,
      headersTimeout: this.config.timeoutMs,
    });
    const text = await response.body.text();
    try {
      return { status: response.statusCode, answer: JSON.parse(text) as HecAnswer };
    } catch {
      return { status: response.statusCode, answer: { text: text.slice(0, 160) } };
    }
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}
