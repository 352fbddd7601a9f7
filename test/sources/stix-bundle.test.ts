import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connector as csvConnector } from "@taxiway/connector-csv";
import {
  type CollectionCursor,
  type ConnectorDescriptor,
  FileCheckpointStore,
  type JobConfig,
  objectKey,
  runJob,
  type StixBundleSourceConfig,
  type StixObject,
  stixBundleSource,
} from "@taxiway/core";
import { readAll, runSourceConformance } from "@taxiway/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { memoryLogger } from "../support/logger.js";
import { ipv4Indicators } from "../support/objects.js";
import { bundleOf, writeBundle } from "./bundle-files.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
async function workDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "taxiway-stix-bundle-"));
  dirs.push(dir);
  return dir;
}
const { logger } = memoryLogger("silent");

function open(config: Omit<StixBundleSourceConfig, "type">, baseDir: string, seenIndexPath?: string) {
  return stixBundleSource.open(
    { type: "stix-bundle", ...config },
    { job: "bundle", logger, baseDir, ...(seenIndexPath ? { seenIndexPath } : {}) },
  );
}

// Two files matched by one glob, 35 objects, a malformed item and a duplicate version among them.
const conformanceDir = await workDir();
await writeBundle(join(conformanceDir, "a.json"), ipv4Indicators(20));
await writeBundle(join(conformanceDir, "b.json"), [...ipv4Indicators(15, 100), ...ipv4Indicators(1, 100)]);
await runSourceConformance({
  name: "stix-bundle (files, glob)",
  open: (context) => open({ path: "./*.json", page_size: 6 }, conformanceDir, context.seenIndexPath),
  pageSize: 6,
  minObjects: 35,
});

describe("stix-bundle source", () => {
  it("a rerun over the same bundle delivers nothing (the content hash matches a complete cursor)", async () => {
    const dir = await workDir();
    await writeBundle(join(dir, "intel.json"), ipv4Indicators(12));
    const seen = join(dir, "seen.sqlite");
    const first = await readAll(await open({ path: "intel.json", page_size: 5 }, dir, seen));
    const pages = first.get("intel.json") ?? [];
    expect(pages.map((p) => p.size)).toEqual([5, 5, 2]);
    const last = pages.at(-1)?.cursor as CollectionCursor;
    const again = await readAll(
      await open({ path: "intel.json", page_size: 5 }, dir, seen),
      new Map([["intel.json", last]]),
    );
    expect(again.get("intel.json")).toEqual([]);
  });

  it("a changed bundle delivers only the new and changed object versions", async () => {
    const dir = await workDir();
    const file = join(dir, "intel.json");
    const original = ipv4Indicators(10);
    await writeBundle(file, original);
    const seen = join(dir, "seen.sqlite");
    const first = await readAll(await open({ path: "intel.json" }, dir, seen));
    const cursor = first.get("intel.json")?.at(-1)?.cursor as CollectionCursor;
    const changed = { ...(original[3] as StixObject), modified: "2026-02-01T00:00:00.000Z", name: "changed" };
    const added = ipv4Indicators(2, 50);
    await writeBundle(file, [...original.slice(0, 3), changed, ...original.slice(4), ...added]);
    const again = await readAll(
      await open({ path: "intel.json" }, dir, seen),
      new Map([["intel.json", cursor]]),
    );
    expect(again.get("intel.json")?.flatMap((p) => p.keys)).toEqual([changed, ...added].map(objectKey));
  });

  it("reads a bundle larger than one read chunk object by object (streamed, not parsed whole)", async () => {
    const dir = await workDir();
    const many = ipv4Indicators(3000);
    await writeBundle(join(dir, "big.json"), many);
    const read = await readAll(await open({ path: "big.json", page_size: 1000 }, dir));
    const keys = read.get("big.json")?.flatMap((p) => p.keys) ?? [];
    expect(keys).toEqual(many.map(objectKey));
  });

  it("refuses a path that matches no file (BUNDLE_NOT_FOUND) and a file that is not JSON (BUNDLE_NOT_JSON)", async () => {
    const dir = await workDir();
    await expect(open({ path: "./missing/*.json" }, dir)).rejects.toMatchObject({ code: "BUNDLE_NOT_FOUND" });
    await writeFile(join(dir, "broken.json"), '{"type":"bundle","objects":[{"id": nope}]}');
    await expect(readAll(await open({ path: "broken.json" }, dir))).rejects.toMatchObject({
      code: "BUNDLE_NOT_JSON",
    });
  });
});

describe("stix-bundle source over HTTP", () => {
  let body = bundleOf(ipv4Indicators(8));
  let etag = '"v1"';
  const requests: Array<{ ifNoneMatch?: string }> = [];
  const server: Server = createServer((req, res) => {
    requests.push({ ifNoneMatch: req.headers["if-none-match"] });
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json", etag });
    res.end(body);
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it("sends the ETag of the delivered copy: an unchanged URL (304) is not re-read; a changed one delivers what is new", async () => {
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feeds/intel.json`;
    const dir = await workDir();
    const seen = join(dir, "seen.sqlite");
    const first = await readAll(await open({ url }, dir, seen));
    expect(first.get(url)?.flatMap((p) => p.keys)).toHaveLength(8);
    const cursor = first.get(url)?.at(-1)?.cursor as CollectionCursor;
    expect(cursor.state).toMatchObject({ etag: '"v1"', complete: true });

    const unchanged = await readAll(await open({ url }, dir, seen), new Map([[url, cursor]]));
    expect(unchanged.get(url)).toEqual([]);
    expect(requests.at(-1)).toEqual({ ifNoneMatch: '"v1"' });

    body = bundleOf(ipv4Indicators(10));
    etag = '"v2"';
    const changed = await readAll(await open({ url }, dir, seen), new Map([[url, cursor]]));
    expect(changed.get(url)?.flatMap((p) => p.keys)).toEqual(ipv4Indicators(2, 8).map(objectKey));
  });
});

describe("job stix-bundle → csv", () => {
  it("writes one row per IOC, and a second run over the same files writes nothing", async () => {
    const dir = await workDir();
    await writeBundle(join(dir, "intel-1.json"), ipv4Indicators(7));
    await writeBundle(join(dir, "intel-2.json"), ipv4Indicators(5, 7));
    const job: JobConfig = {
      name: "bundle-to-csv",
      source: { type: "stix-bundle", path: "./intel-*.json", page_size: 4 },
      sinks: [{ type: "csv", path: "./out/iocs.csv", columns: ["type", "value", "stix_id"] }],
    };
    const store = new FileCheckpointStore(join(dir, "state.json"));
    const run = async () => {
      const opened = await stixBundleSource.open(job.source as StixBundleSourceConfig, {
        job: job.name,
        logger,
        baseDir: dir,
        seenIndexPath: join(dir, "state.seen.sqlite"),
      });
      try {
        return await runJob({
          job,
          baseDir: dir,
          sources: opened.sources,
          connectors: new Map([["csv", csvConnector as unknown as ConnectorDescriptor]]),
          store,
          logger,
        });
      } finally {
        await opened.close();
      }
    };
    const first = await run();
    expect(first.status).toBe("ok");
    expect(first.iocs).toBe(12);
    const rows = (await readFile(join(dir, "out/iocs.csv"), "utf8")).trim().split("\n");
    expect(rows).toHaveLength(13);
    const second = await run();
    expect(second.iocs).toBe(0);
    expect(second.nothing_new).toBe(true);
    expect((await readFile(join(dir, "out/iocs.csv"), "utf8")).trim().split("\n")).toHaveLength(13);
  });
});
