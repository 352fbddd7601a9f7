import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { INTEL_COLLECTIONS } from "../src/es-intel/rows.js";

/** The subset of the KV-store query language the sink uses: `$or`, `$and`, equality and `$lte`. */
type KvQuery = { $or?: KvQuery[]; $and?: KvQuery[] } & Record<string, unknown>;

function matches(row: Record<string, unknown>, query: KvQuery): boolean {
  return Object.entries(query).every(([field, condition]) => {
    if (field === "$or") return (condition as KvQuery[]).some((q) => matches(row, q));
    if (field === "$and") return (condition as KvQuery[]).every((q) => matches(row, q));
    if (condition !== null && typeof condition === "object" && "$lte" in condition)
      return row[field] !== undefined && Number(row[field]) <= Number((condition as { $lte: unknown }).$lte);
    return row[field] === condition;
  });
}

export interface KvRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

/**
 * A loopback stand-in for Splunk's management port as the ES threat-intel sink uses it: authentication context,
 * collection config, KV-store data queries (`$or` of `_key`), `batch_save` (upsert by `_key`) and delete by key.
 * Records every request so tests assert exact bodies; `poison` keys make a batch_save containing them answer 400,
 * as Splunk does for a document it cannot store.
 */
export class FakeKvStore {
  readonly requests: KvRequest[] = [];
  readonly data = new Map<string, Map<string, Record<string, unknown>>>(
    INTEL_COLLECTIONS.map((c) => [c, new Map()]),
  );
  readonly poison = new Set<string>();
  private constructor(
    private readonly server: Server,
    private readonly authorization: string,
    readonly app: string,
  ) {}

  static async start(authorization: string, app = "SA-ThreatIntelligence"): Promise<FakeKvStore> {
    const server = createServer();
    const store = new FakeKvStore(server, authorization, app);
    server.on("request", (req, res) => void store.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return store;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  rows(collection: string): Record<string, unknown>[] {
    return [...(this.data.get(collection)?.values() ?? [])];
  }

  clear(): void {
    for (const rows of this.data.values()) rows.clear();
    this.requests.length = 0;
    this.poison.clear();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://x");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const body = text ? (JSON.parse(text) as unknown) : undefined;
    this.requests.push({
      method: req.method ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
    });
    if (req.headers.authorization !== this.authorization)
      return this.send(res, 401, { messages: [{ type: "WARN", text: "call not properly authenticated" }] });
    if (url.pathname === "/services/authentication/current-context")
      return this.send(res, 200, { entry: [{ content: { username: "taxiway" } }] });
    const match =
      /^\/servicesNS\/nobody\/([^/]+)\/storage\/collections\/(config|data)\/([^/]+)(?:\/(.+))?$/.exec(
        url.pathname,
      );
    const rows = match ? this.data.get(match[3] as string) : undefined;
    if (!match || match[1] !== this.app || !rows)
      return this.send(res, 404, { messages: [{ type: "ERROR", text: "Could not find object." }] });
    const [, , kind, , rest] = match;
    if (kind === "config") return this.send(res, 200, { entry: [{ name: match[3] }] });
    if (req.method === "GET" && rest === undefined) {
      const query = JSON.parse(url.searchParams.get("query") ?? "{}") as KvQuery;
      const fields = (url.searchParams.get("fields") ?? "").split(",").filter(Boolean);
      const skip = Number(url.searchParams.get("skip") ?? 0);
      const limit = Number(url.searchParams.get("limit") ?? 0) || Number.POSITIVE_INFINITY;
      const found = [...rows.values()]
        .filter((row) => matches(row, query))
        .slice(skip, skip + limit)
        .map((row) =>
          fields.length ? Object.fromEntries(fields.filter((f) => f in row).map((f) => [f, row[f]])) : row,
        );
      return this.send(res, 200, found);
    }
    if (req.method === "POST" && rest === "batch_save") {
      const batch = body as Array<Record<string, unknown>>;
      if (batch.some((row) => this.poison.has(row._key as string)))
        return this.send(res, 400, { messages: [{ type: "ERROR", text: "Failed to parse document" }] });
      for (const row of batch) rows.set(row._key as string, row);
      return this.send(
        res,
        200,
        batch.map((row) => row._key),
      );
    }
    if (req.method === "DELETE" && rest !== undefined) {
      const key = decodeURIComponent(rest);
      if (!rows.delete(key))
        return this.send(res, 404, { messages: [{ type: "ERROR", text: "Could not find object." }] });
      return this.send(res, 200, {});
    }
    return this.send(res, 405, { messages: [{ type: "ERROR", text: "method not allowed" }] });
  }
}
