import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { HostileBehaviour } from "./behaviours.js";

const TAXII = "application/taxii+json;version=2.1";
const PAGE = 5;
const PAGES = 3;

function indicator(n: number): Record<string, unknown> {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
  return {
    type: "indicator",
    spec_version: "2.1",
    id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    created: at,
    modified: at,
    valid_from: at,
    pattern_type: "stix",
    pattern: `[ipv4-addr:value = '192.0.2.${n}']`,
  };
}

const deep = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

/**
 * A TAXII 2.1 server (discovery, one API root, one collection `c1` of 15 indicators in 3 pages, a JWT login at
 * /login) that misbehaves in one named way. It accepts any credentials and records every request's headers, so a
 * test can check what was sent where.
 */
export class HostileTaxiiServer {
  readonly requests: Array<{ url: string; headers: IncomingMessage["headers"] }> = [];
  readonly #open = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly behaviour: HostileBehaviour,
    /** Where `redirect-cross-origin` points. */
    private readonly elsewhere: string,
  ) {}

  static async start(
    behaviour: HostileBehaviour,
    options: { elsewhere?: string } = {},
  ): Promise<HostileTaxiiServer> {
    const server = createServer();
    const hostile = new HostileTaxiiServer(
      server,
      behaviour,
      options.elsewhere ?? "http://127.0.0.2:9/taxii2/",
    );
    server.on("request", (req, res) => {
      hostile.#handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return hostile;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The discovery URL. */
  get url(): string {
    return `${this.origin}/taxii2/`;
  }

  get loginUrl(): string {
    return `${this.origin}/login`;
  }

  async close(): Promise<void> {
    for (const res of this.#open) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  #echo(req: IncomingMessage): string {
    return `you sent ${req.method} ${req.url} with ${JSON.stringify(req.headers)}`;
  }

  #json(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): ServerResponse {
    res.writeHead(status, { "content-type": TAXII, ...headers });
    return res.end(typeof body === "string" ? body : JSON.stringify(body));
  }

  #error(req: IncomingMessage, res: ServerResponse, status: number, title: string): ServerResponse {
    const echo = this.behaviour === "echo-credentials" ? `: ${this.#echo(req)}` : "";
    return this.#json(res, status, { title: `${title}${echo}`, http_status: String(status) });
  }

  #handle(req: IncomingMessage, res: ServerResponse): ServerResponse | undefined {
    this.requests.push({ url: req.url ?? "", headers: req.headers });
    this.#open.add(res);
    res.on("close", () => this.#open.delete(res));
    req.resume();
    const url = new URL(req.url ?? "/", this.origin);
    const path = url.pathname;
    const b = this.behaviour;
    if (path === "/login") return this.#json(res, 200, { access_token: "jwt-access-token-0f1e2d3c4b5a" });
    if (b === "redirect-cross-origin" && path.startsWith("/api1/")) {
      res.writeHead(301, { location: `${this.elsewhere}${path.slice(1)}${url.search}` });
      res.end();
      return;
    }
    if (path === "/taxii2/") {
      const title = b === "echo-credentials" ? `Hostile (${this.#echo(req)})` : "Hostile";
      return this.#json(res, 200, {
        title,
        default: `${this.origin}/api1/`,
        api_roots: [`${this.origin}/api1/`],
      });
    }
    if (path === "/api1/")
      return this.#json(res, 200, { title: "Root", versions: [TAXII], max_content_length: 1e8 });
    const collection = {
      id: "c1",
      title: "Hostile feed",
      can_read: true,
      can_write: false,
      media_types: [TAXII],
    };
    if (path === "/api1/collections/") return this.#json(res, 200, { collections: [collection] });
    if (path === "/api1/collections/c1/") return this.#json(res, 200, collection);
    if (path === "/api1/collections/c1/manifest/") return this.#json(res, 200, { more: false, objects: [] });
    if (path === "/api1/collections/c1/objects/") return this.#objects(req, res, url);
    if (path === "/moved/api1/collections/c1/objects/") return this.#objects(req, res, url);
    return this.#error(req, res, 404, "not found");
  }

  #objects(req: IncomingMessage, res: ServerResponse, url: URL): ServerResponse | undefined {
    const b = this.behaviour;
    if (b === "redirect-same-origin" && !url.pathname.startsWith("/moved/")) {
      res.writeHead(302, { location: `/moved${url.pathname}${url.search}` });
      res.end();
      return;
    }
    const page = Number(url.searchParams.get("next") ?? "0");
    if (b === "echo-credentials" && page === 1) return this.#error(req, res, 500, "server error");
    if (b === "unauthorized-page-2" && page === 1) return this.#error(req, res, 401, "unauthorized");
    if (b === "html" && page === 1) {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body><form>Please sign in</form></body></html>");
      return;
    }
    if (b === "drip") {
      res.writeHead(200, { "content-type": TAXII });
      const timer = setInterval(() => res.write(" "), 50);
      res.on("close", () => clearInterval(timer));
      res.write("{");
      return;
    }
    const first = page * PAGE + 1;
    const items: string[] = Array.from({ length: PAGE }, (_, i) => JSON.stringify(indicator(first + i)));
    if (page === 0 && b === "null-items") items.push("null", "42", "[1,2]");
    if (page === 0 && b === "deep-nesting")
      items.push(
        deep(100_000),
        `${'{"type":"bundle","id":"bundle--1","objects":['.repeat(10_000)}${JSON.stringify(indicator(99))}${"]}".repeat(10_000)}`,
        JSON.stringify({ ...indicator(98), pattern: "[broken" }).replace(/}$/, `,"x_deep":${deep(100_000)}}`),
      );
    const more = page < PAGES - 1;
    const headers: Record<string, string> = {
      "x-taxii-date-added-first": new Date(Date.UTC(2026, 0, 1, 0, 0, first)).toISOString(),
      "x-taxii-date-added-last": new Date(Date.UTC(2026, 0, 1, 0, 0, first + PAGE - 1)).toISOString(),
    };
    if (b === "backwards-headers") {
      headers["x-taxii-date-added-last"] = new Date(Date.UTC(2025, 0, 1, 0, 0, PAGES - page)).toISOString();
    }
    if (b === "garbage-headers") {
      headers["x-taxii-date-added-first"] = "yesterday-ish";
      headers["x-taxii-date-added-last"] = "\tnot a date \u00ff";
      headers["content-range"] = "items banana";
    }
    const body = `{"more":${more}${more ? `,"next":"${page + 1}"` : ""},"objects":[${items.join(",")}]}`;
    const contentType = b === "garbage-headers" ? "application/json; charset=utf-8; version=banana" : TAXII;
    res.writeHead(200, { "content-type": contentType, ...headers });
    res.end(body);
  }
}
