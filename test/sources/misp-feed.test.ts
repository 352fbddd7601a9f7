import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connector as csvConnector } from "@taxiway/connector-csv";
import {
  type CollectionCursor,
  type ConnectorDescriptor,
  eventObjects,
  extractFromObject,
  FileCheckpointStore,
  type JobConfig,
  type MispEvent,
  mispFeedSource,
  objectKey,
  runJob,
  type SourceConfig,
} from "@taxiway/core";
import { mispFixtureEvents, readAll, runSourceConformance, startMispFeedServer } from "@taxiway/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { memoryLogger } from "../support/logger.js";

const { logger } = memoryLogger("silent");
const server = await startMispFeedServer(mispFixtureEvents(6, 7));
const dirs: string[] = [];
afterAll(async () => {
  await server.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
const open = (pageSize = 5) =>
  mispFeedSource.open(
    { type: "misp-feed", url: server.url, page_size: pageSize, retries: 1 },
    { job: "misp", logger, baseDir: "." },
  );

// 6 events × 7 attributes, one of the 8 kinds (`text`) unmapped: pages of 5 cut through events.
await runSourceConformance({
  name: "misp-feed (loopback feed, fixture events)",
  open: () => open(5),
  pageSize: 5,
  minObjects: 30,
});

describe("misp-feed source", () => {
  it("maps attribute types, TLP tags, free tags and to_ids as the README's table says", () => {
    const [event] = mispFixtureEvents(1, 8);
    const { objects, skipped } = eventObjects(event as unknown as MispEvent);
    expect(skipped).toBe(1); // `text`
    const iocs = objects.flatMap(
      (object) => extractFromObject(object, { feed: "misp", collection: "misp" }).records,
    );
    // Top-level attributes first, then those inside MISP objects (the ip-dst here).
    expect(iocs.map((r) => [r.type, r.value, r.tlp, r.action])).toEqual([
      ["domain", "c2-1.example.net", "green", "upsert"],
      ["url", "https://dl-2.example.org/payload.bin", "green", "upsert"],
      ["file", expect.any(String), "green", "upsert"],
      ["file", expect.any(String), "green", "upsert"],
      ["email", "phish-5@example.com", "green", "upsert"],
      ["domain", "host-6.example.com", "green", "delete"],
      ["ipv4", "198.51.100.0", "green", "upsert"],
    ]);
    expect(iocs[2]?.hashes).toEqual({ "SHA-256": `${"0".repeat(63)}3` });
    expect(iocs[0]?.labels).toEqual(['misp-galaxy:threat-actor="Fixture"']);
    expect(iocs[3]?.hashes).toEqual({ MD5: "00000000000000000000000000000004" });
    expect(iocs[3]?.file_name).toBe("dropper-4.exe");
  });

  it("fetches only new or changed events: an unchanged feed delivers nothing, a changed event only itself", async () => {
    const first = await readAll(await open(100));
    const pages = first.get(server.url) ?? [];
    const cursor = pages.at(-1)?.cursor as CollectionCursor;
    const before = server.requests.length;
    const unchanged = await readAll(await open(100), new Map([[server.url, cursor]]));
    expect(unchanged.get(server.url)?.flatMap((p) => p.keys)).toEqual([]);
    expect(server.requests.slice(before)).toEqual(["/feed/manifest.json"]);

    const events = mispFixtureEvents(6, 7);
    const changed = events[2] as (typeof events)[number];
    changed.timestamp = "1767300000";
    changed.Attribute = changed.Attribute.map((a) => ({ ...a, timestamp: "1767300000" }));
    server.setEvents(events);
    const again = await readAll(await open(100), new Map([[server.url, cursor]]));
    expect(again.get(server.url)?.flatMap((p) => p.keys)).toEqual(
      eventObjects(changed as unknown as MispEvent).objects.map(objectKey),
    );
    server.setEvents(mispFixtureEvents(6, 7));
  });

  it("job misp-feed → csv writes one row per IOC, deletions for to_ids: false", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-misp-"));
    dirs.push(dir);
    const job: JobConfig = {
      name: "misp",
      source: { type: "misp-feed", url: server.url, page_size: 10 } as SourceConfig,
      sinks: [{ type: "csv", path: "./out/misp.csv", columns: ["action", "type", "value", "tlp"] }],
    };
    const opened = await mispFeedSource.open(job.source as never, { job: "misp", logger, baseDir: dir });
    try {
      const summary = await runJob({
        job,
        baseDir: dir,
        sources: opened.sources,
        connectors: new Map([["csv", csvConnector as unknown as ConnectorDescriptor]]),
        store: new FileCheckpointStore(join(dir, "misp.json")),
        logger,
        sweep: false,
      });
      expect(summary.status).toBe("ok");
      const rows = (await readFile(join(dir, "out/misp.csv"), "utf8")).trim().split(/\r?\n/).slice(1);
      expect(rows.length).toBe(summary.iocs);
      expect(rows.filter((row) => row.startsWith("delete")).length).toBe(summary.deletions);
      expect(summary.deletions).toBeGreaterThan(0);
    } finally {
      await opened.close();
    }
  });
});
