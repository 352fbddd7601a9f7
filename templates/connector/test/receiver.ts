import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

interface Held {
  key: string;
  modified?: string;
  /** `expires_at`, else `valid_until`: when a sweep drops it. */
  expires?: string;
}

interface Posted extends Held {
  expires_at?: string;
  valid_until?: string;
}

interface SweepAsk {
  now: string;
  expire_after_ms?: number;
  dry_run?: boolean;
}

/**
 * A loopback endpoint that behaves like a well-made receiver: bearer auth, upsert by `key`, the newest `modified`
 * wins, and `{"sweep": …}` drops what has expired. Stands in for the real service in tests.
 */
export class Receiver {
  readonly held = new Map<string, Held>();

  private constructor(
    private readonly server: Server,
    readonly token: string,
  ) {}

  static async start(token: string): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server, token);
    server.on("request", async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (req.headers.authorization !== `Bearer ${token}`) {
        res.writeHead(401, { "content-type": "application/json" }).end('{"error":"invalid token"}');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        records?: Posted[];
        sweep?: SweepAsk;
      };
      if (body.sweep) {
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify(receiver.sweep(body.sweep)));
        return;
      }
      for (const record of body.records ?? []) {
        const current = receiver.held.get(record.key);
        if (!current || (record.modified ?? "") >= (current.modified ?? "")) {
          const expires = record.expires_at ?? record.valid_until;
          receiver.held.set(record.key, {
            key: record.key,
            modified: record.modified,
            ...(expires ? { expires } : {}),
          });
        }
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return receiver;
  }

  /** Drops (unless dry_run) what has expired at `now`; answers `{expired, sample}`. */
  sweep(ask: SweepAsk): { expired: number; sample: string[] } {
    const now = Date.parse(ask.now);
    const expiry = (held: Held) =>
      held.expires !== undefined
        ? Date.parse(held.expires)
        : ask.expire_after_ms !== undefined && held.modified
          ? Date.parse(held.modified) + ask.expire_after_ms
          : Number.POSITIVE_INFINITY;
    const expired = [...this.held.values()].filter((held) => expiry(held) <= now).map((held) => held.key);
    if (!ask.dry_run) for (const key of expired) this.held.delete(key);
    return { expired: expired.length, sample: expired.slice(0, 20) };
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/ingest`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
