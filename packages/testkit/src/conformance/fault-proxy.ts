import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface InjectedFault {
  status: number;
  /** Response body; JSON-encoded when not a string. Connectors whose protocol carries codes in the body say so here. */
  body?: unknown;
  headers?: Record<string, string>;
  /** How many requests get the fault before traffic flows again (default: every request until `clear()`). */
  times?: number;
}

/**
 * A loopback HTTP proxy the conformance kit controls: it forwards to the connector's real upstream, unless a fault
 * is armed, and measures how many requests are in flight at once. A connector under test points its URL here.
 */
export class FaultProxy {
  #fault: InjectedFault | undefined;
  #remaining = Number.POSITIVE_INFINITY;
  #delayMs = 0;
  #inFlight = 0;
  #maxInFlight = 0;
  #requests = 0;
  readonly #held = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly upstream: URL,
  ) {}

  static async start(upstream: string | URL): Promise<FaultProxy> {
    const server = createServer();
    const proxy = new FaultProxy(server, new URL(upstream));
    server.on("request", (req, res) => void proxy.#handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  /** Base URL of the proxy, with the upstream's path. */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${this.upstream.pathname}`;
  }

  inject(fault: InjectedFault): void {
    this.#fault = fault;
    this.#remaining = fault.times ?? Number.POSITIVE_INFINITY;
  }

  /** Hold every response this long before answering (0: none). */
  delay(ms: number): void {
    this.#delayMs = ms;
  }

  clear(): void {
    this.#fault = undefined;
    this.#delayMs = 0;
  }

  resetStats(): void {
    this.#maxInFlight = this.#inFlight;
    this.#requests = 0;
  }

  get maxInFlight(): number {
    return this.#maxInFlight;
  }

  get requests(): number {
    return this.#requests;
  }

  async close(): Promise<void> {
    for (const res of this.#held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.#requests++;
    this.#inFlight++;
    this.#maxInFlight = Math.max(this.#maxInFlight, this.#inFlight);
    res.on("close", () => {
      this.#inFlight--;
      this.#held.delete(res);
    });
    this.#held.add(res);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (this.#delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#delayMs));
    if (res.destroyed) return;
    const fault = this.#fault;
    if (fault && this.#remaining > 0) {
      this.#remaining--;
      const body =
        fault.body === undefined
          ? ""
          : typeof fault.body === "string"
            ? fault.body
            : JSON.stringify(fault.body);
      res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
      res.end(body);
      return;
    }
    const target = new URL(req.url ?? "/", this.upstream);
    const headers = { ...req.headers, host: target.host };
    // A fresh upstream connection per request: a pooled one the upstream has just closed (Elasticsearch closes
    // after a 401, for one) would otherwise fail a later, unrelated request with "socket hang up".
    const upstreamReq = request(target, { method: req.method, headers, agent: false }, (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
      upstreamRes.pipe(res);
    });
    upstreamReq.on("error", (error) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(`fault proxy: upstream failed: ${error.message}`);
    });
    upstreamReq.end(Buffer.concat(chunks));
  }
}
