import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { splitEvents } from "./events.js";

export interface HecToken {
  enabled?: boolean;
  /** Indexer acknowledgement on for this token: a channel is then required. */
  ack?: boolean;
  /** Indexes this token may write; empty = any. */
  indexes?: string[];
}

export interface HecReceiverOptions {
  tokens: Record<string, HecToken>;
  /** Largest request body accepted (413 above). Default 1 MB. */
  maxContentLength?: number;
  /** An ackId turns true this long after the request (default 0). */
  ackDelayMs?: number;
  /**
   * Called per request to the event endpoint (numbered from 1): return `busy` (503 code 9), `error` (500 code 8),
   * `lose-ack` (events kept, their ackId never turns true) or `lose-data` (answered 200 with an ackId, but the
   * indexer lost the events: they are not kept and the ackId never turns true).
   */
  fault?: (requestNumber: number) => "busy" | "error" | "lose-ack" | "lose-data" | undefined;
  /** Health endpoint answers 503 (queues full) while true. */
  unhealthy?: boolean;
  /** `keys`: keep only each event's ioc_key and modified (memory tests); default `full` keeps events and raw bodies. */
  keep?: "full" | "keys";
}

export interface ReceivedEvent {
  time?: number;
  timeText?: string;
  index?: string;
  sourcetype?: string;
  source?: string;
  host?: string;
  event: Record<string, unknown>;
  fields?: Record<string, unknown>;
  channel?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A loopback HTTP Event Collector that answers like Splunk: token and channel rules, ack, status codes, gzip. */
export class HecReceiver {
  readonly events: ReceivedEvent[] = [];
  /** Raw request bodies as received (after gunzip), for assertions on the wire format. */
  readonly bodies: string[] = [];
  requests = 0;
  private readonly acks = new Map<string, Map<number, number | "lost">>();
  private nextAckId = 0;

  private constructor(
    private readonly server: Server,
    readonly options: HecReceiverOptions,
  ) {}

  static async start(options: HecReceiverOptions): Promise<HecReceiver> {
    const server = createServer();
    const receiver = new HecReceiver(server, options);
    server.on("request", (req, res) => void receiver.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return receiver;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  clear(): void {
    this.events.length = 0;
    this.bodies.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private reply(res: ServerResponse, status: number, body: Record<string, unknown>) {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }

  private token(req: IncomingMessage): {
    name?: string;
    token?: HecToken;
    problem?: [number, Record<string, unknown>];
  } {
    const header = req.headers.authorization ?? "";
    const match = /^Splunk\s+(\S+)$/i.exec(header);
    if (!match) return { problem: [401, { text: "Token is required", code: 2 }] };
    const token = this.options.tokens[match[1] as string];
    if (!token) return { problem: [403, { text: "Invalid token", code: 4 }] };
    if (token.enabled === false) return { problem: [403, { text: "Token disabled", code: 1 }] };
    return { name: match[1], token };
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", "http://hec");
    if (req.headers["content-encoding"] === "gzip") {
      try {
        raw = gunzipSync(raw);
      } catch {
        return this.reply(res, 400, { text: "Invalid data format", code: 6 });
      }
    }
    if (url.pathname === "/services/collector/health") {
      if (this.options.unhealthy)
        return this.reply(res, 503, { text: "HEC is unhealthy, queues are full", code: 18 });
      return this.reply(res, 200, { text: "HEC is healthy", code: 17 });
    }
    const auth = this.token(req);
    if (auth.problem) return this.reply(res, ...auth.problem);
    const token = auth.token as HecToken;
    const channel =
      (req.headers["x-splunk-request-channel"] as string | undefined) ??
      url.searchParams.get("channel") ??
      undefined;

    if (url.pathname === "/services/collector/ack") {
      if (!token.ack) return this.reply(res, 400, { text: "ACK is disabled", code: 14 });
      if (!channel) return this.reply(res, 400, { text: "Data channel is missing", code: 10 });
      let asked: number[];
      try {
        asked = (JSON.parse(raw.toString("utf8") || "{}") as { acks?: number[] }).acks ?? [];
      } catch {
        return this.reply(res, 400, { text: "Invalid data format", code: 6 });
      }
      const known = this.acks.get(channel) ?? new Map();
      const now = Date.now();
      const answer: Record<string, boolean> = {};
      for (const id of asked) {
        const readyAt = known.get(id);
        answer[String(id)] = readyAt !== undefined && readyAt !== "lost" && readyAt <= now;
        if (answer[String(id)]) known.delete(id);
      }
      return this.reply(res, 200, { acks: answer });
    }

    if (!url.pathname.startsWith("/services/collector"))
      return this.reply(res, 404, { text: "The requested URL was not found on this server.", code: 404 });
    this.requests++;
    const fault = this.options.fault?.(this.requests);
    if (fault === "busy") return this.reply(res, 503, { text: "Server is busy", code: 9 });
    if (fault === "error") return this.reply(res, 500, { text: "Internal server error", code: 8 });
    if (raw.length > (this.options.maxContentLength ?? 1_000_000))
      return this.reply(res, 413, { text: "Content too large", code: 413 });
    if (token.ack) {
      if (!channel) return this.reply(res, 400, { text: "Data channel is missing", code: 10 });
      if (!GUID.test(channel)) return this.reply(res, 400, { text: "Invalid data channel", code: 11 });
    }
    const body = raw.toString("utf8");
    if (body.trim() === "") return this.reply(res, 400, { text: "No data", code: 5 });
    const full = this.options.keep !== "keys";
    if (full) this.bodies.push(body);
    const { events, invalidAt } = splitEvents(body);
    const accepted: ReceivedEvent[] = [];
    let problem: [number, Record<string, unknown>] | undefined;
    for (const [index, value] of events.entries()) {
      const event = value as ReceivedEvent & { time?: unknown };
      if (!("event" in event)) {
        problem = [400, { text: "Event field is required", code: 12, "invalid-event-number": index }];
        break;
      }
      if ((event.event as unknown) === "" || event.event === null) {
        problem = [400, { text: "Event field cannot be blank", code: 13, "invalid-event-number": index }];
        break;
      }
      if (event.index && token.indexes?.length && !token.indexes.includes(event.index)) {
        problem = [400, { text: "Incorrect index", code: 7, "invalid-event-number": index }];
        break;
      }
      const fields = event.fields as Record<string, unknown> | undefined;
      if (
        fields &&
        Object.values(fields).some(
          (v) => typeof v !== "string" && !(Array.isArray(v) && v.every((x) => typeof x === "string")),
        )
      ) {
        problem = [
          400,
          { text: "Error in handling indexed fields", code: 15, "invalid-event-number": index },
        ];
        break;
      }
      if (full)
        if (full)
          accepted.push({ ...event, channel, time: typeof event.time === "number" ? event.time : undefined });
        else accepted.push({ event: { ioc_key: event.event.ioc_key, modified: event.event.modified } });
      else accepted.push({ event: { ioc_key: event.event.ioc_key, modified: event.event.modified } });
    }
    if (!problem && invalidAt !== undefined)
      problem = [400, { text: "Invalid data format", code: 6, "invalid-event-number": invalidAt }];
    // Like Splunk, the events before an invalid one are indexed.
    if (fault !== "lose-data") this.events.push(...accepted);
    if (problem) return this.reply(res, ...problem);
    const result: Record<string, unknown> = { text: "Success", code: 0 };
    if (token.ack && channel) {
      const ackId = this.nextAckId++;
      const channelAcks = this.acks.get(channel) ?? new Map();
      channelAcks.set(
        ackId,
        fault === "lose-ack" || fault === "lose-data" ? "lost" : Date.now() + (this.options.ackDelayMs ?? 0),
      );
      this.acks.set(channel, channelAcks);
      result.ackId = ackId;
    }
    return this.reply(res, 200, result);
  }
}
