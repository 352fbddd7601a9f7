import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FixtureMispEvent } from "./fixture-events.js";

export interface MispFeedServer {
  /** The feed's base URL (`…/feed/`). */
  url: string;
  /** Replaces the events served (the manifest follows). */
  setEvents(events: readonly FixtureMispEvent[]): void;
  /** Paths requested so far, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * A loopback MISP feed (the MISP feed format: `manifest.json` mapping each event uuid to its summary with
 * `timestamp`, and `<uuid>.json` holding `{ Event }`) for tests and connector authors.
 */
export async function startMispFeedServer(initial: readonly FixtureMispEvent[]): Promise<MispFeedServer> {
  let events = new Map(initial.map((event) => [event.uuid, event]));
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    requests.push(path);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (path === "/feed/manifest.json")
      return send(
        200,
        Object.fromEntries(
          [...events.values()].map((e) => [
            e.uuid,
            {
              info: e.info,
              date: e.date,
              timestamp: e.timestamp,
              Tag: e.Tag ?? [],
              analysis: 2,
              threat_level_id: 2,
            },
          ]),
        ),
      );
    const match = /^\/feed\/([0-9a-f-]{36})\.json$/.exec(path);
    const event = match ? events.get(match[1] as string) : undefined;
    if (event) return send(200, { Event: event });
    return send(404, { message: "not found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed/`,
    setEvents: (next) => {
      events = new Map(next.map((event) => [event.uuid, event]));
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
