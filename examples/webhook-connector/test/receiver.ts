import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

interface Held {
  key: string;
  modified?: string;
}

/**
 * A loopback endpoint that behaves like a well-made receiver: bearer auth, upsert by `key`, the newest `modified`
 * wins. Stands in for the real service in tests.
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
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { records?: Held[] };
      for (const record of body.records ?? []) {
        const current = receiver.held.get(record.key);
        if (!current || (record.modified ?? "") >= (current.modified ?? "")) {
          receiver.held.set(record.key, { key: record.key, modified: record.modified });
        }
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/ingest`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
