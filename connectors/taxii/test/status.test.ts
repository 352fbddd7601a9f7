import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger, extractFromObject, type IocRecord, type StixObject } from "@taxiway/core";
import { afterAll, describe, expect, it } from "vitest";
import { connector } from "../src/index.js";

const TAXII = "application/taxii+json;version=2.1";
const posts: StixObject[][] = [];
let statusPolls = 0;
const REFUSED = "indicator--00000000-0000-4000-8000-000000000002";

function reply(res: ServerResponse, body: unknown, status = 200) {
  res.writeHead(status, { "content-type": TAXII });
  res.end(JSON.stringify(body));
}

// A TAXII 2.1 server whose POST answers `pending`, then `complete` on the second status poll, refusing one object.
const server = createServer(async (req: IncomingMessage, res) => {
  const path = new URL(req.url ?? "/", "http://x").pathname;
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (path === "/taxii2/")
    return reply(res, { title: "t", api_roots: [`${base}/api1/`], default: `${base}/api1/` });
  if (path === "/api1/") return reply(res, { title: "r", versions: [TAXII], max_content_length: 1200 });
  if (path === "/api1/collections/")
    return reply(res, { collections: [{ id: "out", title: "Out", can_read: true, can_write: true }] });
  if (path === "/api1/collections/out/objects/" && req.method === "POST") {
    let text = "";
    for await (const chunk of req) text += chunk;
    const objects = (JSON.parse(text) as { objects: StixObject[] }).objects;
    posts.push(objects);
    return reply(res, { id: `s${posts.length}`, status: "pending", total_count: objects.length }, 202);
  }
  const status = /^\/api1\/status\/(s\d+)\/$/.exec(path);
  if (status) {
    statusPolls++;
    const objects = posts[Number(status[1]?.slice(1)) - 1] ?? [];
    const refused = objects.filter((o) => o.id === REFUSED);
    if (statusPolls % 2 === 1) return reply(res, { id: status[1], status: "pending" });
    return reply(res, {
      id: status[1],
      status: "complete",
      failures: refused.map((o) => ({ id: o.id, version: o.modified, message: "bad pattern" })),
    });
  }
  if (/\/versions\/$/.test(path)) return reply(res, { versions: [] });
  reply(res, { title: "not found" }, 404);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const indicator = (i: number): StixObject => ({
  type: "indicator",
  spec_version: "2.1",
  id: `indicator--00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  created: "2026-01-01T00:00:00.000Z",
  modified: "2026-01-01T00:00:00.000Z",
  pattern: `[ipv4-addr:value = '10.0.0.${i}']`,
  pattern_type: "stix",
  valid_from: "2026-01-01T00:00:00.000Z",
});

describe("TAXII sink status handling", () => {
  it("polls the status resource until complete, splits under max_content_length, and rejects only the refused object's records", async () => {
    const logger = createLogger({ level: "silent", format: "json" });
    const sink = connector.create(
      {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/taxii2/`,
        collection: "out",
        retries: 0,
      },
      {
        job: "j",
        sinkId: "taxii-0",
        logger,
        state: undefined,
        baseDir: ".",
        signal: new AbortController().signal,
      },
    );
    await sink.open();
    const objects = [1, 2, 3, 4, 5, 6].map(indicator);
    sink.stageObjects?.(objects);
    const records: IocRecord[] = objects.flatMap(
      (o) => extractFromObject(o, { feed: "f", collection: "c" }).records,
    );
    const result = await sink.write(records);
    await sink.close();
    expect(result.outcomes.map((o) => o.status)).toEqual([
      "delivered",
      "permanent",
      "delivered",
      "delivered",
      "delivered",
      "delivered",
    ]);
    expect(posts.length).toBeGreaterThan(1);
    for (const post of posts)
      expect(Buffer.byteLength(JSON.stringify({ objects: post }))).toBeLessThanOrEqual(1200);
    expect(posts.flat().map((o) => o.id)).toEqual(objects.map((o) => o.id));
    expect(statusPolls).toBeGreaterThanOrEqual(posts.length * 2);
    // The originals are sent, not rebuilt records.
    expect(posts.flat()[0]).toEqual(objects[0]);
  });
});
