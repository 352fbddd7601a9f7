import {
  type CollectionCursor,
  createTaxiiClient,
  manifest20Records,
  type TaxiiSourceConfig,
} from "@taxiway/core";
import {
  type FixtureCollection,
  type ServerQuirks,
  startTaxiiServer,
  type TaxiiServer,
} from "@taxiway/testkit/fixtures";
import { afterEach, describe, expect, it } from "vitest";
import { memoryLogger } from "../support/logger.js";
import { ipv4Indicators } from "../support/objects.js";
import { pollOnce } from "../support/poll.js";

let server: TaxiiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function poll(config: Partial<TaxiiSourceConfig>, start: CollectionCursor = {}) {
  if (!server) throw new Error("start the server first");
  return pollOnce(
    { type: "taxii", url: server.url, collection: "c1", page_size: 10, retries: 2, ...config },
    start,
  );
}

async function serve(
  collection: Partial<FixtureCollection>,
  quirks: ServerQuirks = {},
  maxPageSize?: number,
  version?: "2.0" | "2.1",
) {
  server = await startTaxiiServer({
    version,
    collections: [
      { id: "c1", title: "Indicators", alias: "iocs", objects: ipv4Indicators(35), ...collection },
    ],
    quirks,
    maxPageSize,
  });
  return server;
}

describe("TAXII page source", () => {
  it("follows next through every page, then fetches nothing on the next poll", async () => {
    await serve({});
    const first = await poll({});
    // The last, empty page is the verify re-query: it proves the boundary block complete, so the next poll
    // asks strictly after it.
    expect(first.pages.map((p) => p.objects.length)).toEqual([10, 10, 10, 5, 0]);
    expect(new Set(first.ids).size).toBe(35);
    expect(first.cursor).toMatchObject({
      added_after: "2026-01-01T00:00:34.000Z",
      boundary_complete: true,
      strategy: "header",
    });
    const second = await poll({}, first.cursor);
    expect(second.ids).toEqual([]);
  });

  it("follows medallion's single next token that stays the same on every page", async () => {
    await serve({}, { stableNextToken: true });
    const { pages, ids } = await poll({});
    expect(pages.filter((page) => page.objects.length > 0)).toHaveLength(4);
    expect(ids).toEqual(ipv4Indicators(35).map((o) => o.id));
  });

  it("resolves the collection by alias and by title", async () => {
    await serve({});
    expect((await poll({ collection: "iocs" })).ids).toHaveLength(35);
    expect((await poll({ collection: "indicators" })).ids).toHaveLength(35);
    await expect(poll({ collection: "nope" })).rejects.toThrow(
      /no collection 'nope'.*Available: c1 \(Indicators, alias iocs\)/,
    );
  });

  it("resumes from any committed page cursor with nothing skipped and nothing doubled", async () => {
    await serve({});
    const full = await poll({});
    for (const [index, page] of full.pages.entries()) {
      const rest = await poll({}, page.cursor);
      const delivered = full.pages.slice(0, index + 1).flatMap((p) => p.objects.map((o) => o.id));
      expect([...delivered, ...rest.ids]).toEqual(full.ids);
    }
  });

  it("pages by the header cursor when the server says more without next (socdefenders style bundles)", async () => {
    await serve({}, { bundleEnvelope: true, moreWithoutNext: true, headerTimestamps: "seconds" });
    const { ids, cursor } = await poll({});
    expect(ids).toEqual(ipv4Indicators(35).map((o) => o.id));
    expect(cursor.added_after).toBe("2026-01-01T00:00:34Z");
  });

  it("crosses a page boundary inside a run of objects sharing one date_added", async () => {
    const sameSecond = (i: number) =>
      i < 5
        ? `2026-01-01T00:00:0${i}.000Z`
        : i < 28
          ? "2026-01-01T00:01:00.000Z"
          : `2026-01-01T00:02:${10 + i}.000Z`;
    await serve({ dateAdded: sameSecond }, { moreWithoutNext: true });
    const { ids } = await poll({ pagination: "header" });
    expect(ids).toEqual(ipv4Indicators(35).map((o) => o.id));
  });

  it("ends the poll with a stall (a reason on the last page) instead of looping when more: true never progresses", async () => {
    const fixture = await serve(
      { dateAdded: () => "2026-01-01T00:00:00.000Z" },
      { moreWithoutNext: true },
      10,
    );
    const { pages, ids } = await poll({ pagination: "header" });
    expect(ids).toEqual(ipv4Indicators(10).map((o) => o.id));
    expect(pages.at(-1)?.stalled).toMatch(/more objects share date_added 2026-01-01T00:00:00.000Z/);
    expect(fixture.requests.length).toBeLessThan(20);
  });

  it("retries a 503 with Retry-After and a dropped connection", async () => {
    server = await startTaxiiServer({
      collections: [{ id: "c1", title: "Indicators", objects: ipv4Indicators(12) }],
      fault: (n) =>
        n === 3 ? { status: 503, headers: { "retry-after": "0" } } : n === 5 ? { reset: true } : undefined,
    });
    expect((await poll({})).ids).toHaveLength(12);
  });

  it("names the status and what to do on 401, with no secret in the message", async () => {
    server = await startTaxiiServer({
      collections: [{ id: "c1", title: "Indicators", objects: [] }],
      auth: { type: "bearer", token: "right" },
    });
    const failure = poll({ auth: { type: "bearer", token: "s3cr3t-wrong" } });
    await expect(failure).rejects.toThrow(/TAXII 401 .*check source.auth/);
    await expect(failure).rejects.not.toThrow(/s3cr3t/);
  });
});

describe("TAXII 2.0 (Range paging)", () => {
  it("detects 2.0 from the API root, pages with Range / Content-Range, and resumes by the header cursor", async () => {
    const fixture = await serve({}, {}, undefined, "2.0");
    const first = await poll({});
    expect(first.pages.map((p) => p.objects.length)).toEqual([10, 10, 10, 5, 0]);
    expect(new Set(first.ids).size).toBe(35);
    const objectRequests = fixture.requests.filter((r) => r.path.endsWith("/objects/"));
    // Four ranges, then the verify re-query from the cursor (a new chain: items 0-9 again).
    expect(objectRequests.map((r) => r.headers.range)).toEqual([
      "items 0-9",
      "items 10-19",
      "items 20-29",
      "items 30-39",
      "items 0-9",
    ]);
    expect(objectRequests.every((r) => !r.query.has("limit") && !r.query.has("next"))).toBe(true);
    expect(objectRequests[0]?.headers.accept).toBe("application/vnd.oasis.stix+json; version=2.0");
    expect(first.cursor.added_after).toBe("2026-01-01T00:00:34.000Z");
    const second = await poll({}, first.cursor);
    expect(second.ids).toEqual([]);
  });

  it("keeps the chain's added_after across ranges, and a server capping the range is followed to the end", async () => {
    const fixture = await serve({}, {}, 4, "2.0");
    const result = await poll({ page_size: 10 }, { added_after: "2026-01-01T00:00:04.000Z" });
    expect(result.ids).toHaveLength(30);
    expect(new Set(result.ids).size).toBe(30);
    const sent = fixture.requests
      .filter((r) => r.path.endsWith("/objects/"))
      .map((r) => r.query.get("added_after"));
    // The chain keeps its query; the last request is the verify re-query from the cursor (boundary included).
    expect(new Set(sent.slice(0, -1))).toEqual(new Set(["2026-01-01T00:00:04.000Z"]));
    expect(sent.at(-1)).toBe("2026-01-01T00:00:33.999Z");
  });
});

describe("TAXII 2.0 manifest", () => {
  it("pages by Range like the objects, one record per version", async () => {
    const fixture = await serve({}, {}, undefined, "2.0");
    const { logger } = memoryLogger();
    const { client, http } = createTaxiiClient({ type: "taxii", url: fixture.url, retries: 1 }, { logger });
    try {
      const { apiRootUrl } = await client.resolveApiRoot(fixture.url);
      const collection = `${apiRootUrl}collections/c1/`;
      const ids: string[] = [];
      let next: string | undefined;
      do {
        const page = await client.manifest(collection, { limit: 10, ...(next ? { next } : {}) });
        ids.push(...page.body.objects.map((record) => record.id));
        expect(page.body.objects.every((record) => record.version && record.date_added)).toBe(true);
        next = page.body.more ? page.body.next : undefined;
      } while (next);
      expect(ids).toEqual(ipv4Indicators(35).map((o) => o.id));
      const manifestRequests = fixture.requests.filter((r) => r.path.endsWith("/manifest/"));
      expect(manifestRequests.map((r) => r.headers.range)).toEqual([
        "items 0-9",
        "items 10-19",
        "items 20-29",
        "items 30-39",
      ]);
      expect(manifestRequests[0]?.headers.accept).toBe("application/vnd.oasis.taxii+json; version=2.0");
    } finally {
      await http.close();
    }
  });

  it("spreads an entry's versions into records, and skips what is not an entry", () => {
    expect(
      manifest20Records({
        objects: [
          {
            id: "indicator--1",
            date_added: "2026-01-01T00:00:00Z",
            versions: ["2026-01-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z"],
            media_types: ["application/vnd.oasis.stix+json; version=2.0"],
          },
          { date_added: "2026-01-01T00:00:00Z", versions: ["x"] },
          { id: "indicator--2", versions: "not a list" },
        ],
      }),
    ).toEqual([
      {
        id: "indicator--1",
        date_added: "2026-01-01T00:00:00Z",
        version: "2026-01-01T00:00:00.000Z",
        media_type: "application/vnd.oasis.stix+json; version=2.0",
      },
      {
        id: "indicator--1",
        date_added: "2026-01-01T00:00:00Z",
        version: "2026-01-02T00:00:00.000Z",
        media_type: "application/vnd.oasis.stix+json; version=2.0",
      },
    ]);
    expect(manifest20Records(null)).toEqual([]);
  });
});

describe("rate limit", () => {
  it("paces requests to the configured allowance (requests per interval), retries included", async () => {
    const fixture = await serve({ objects: ipv4Indicators(30) });
    const started = Date.now();
    const result = await poll({ page_size: 10, rate_limit: { requests: 2, per: "400ms" } });
    expect(result.ids).toHaveLength(30);
    // discovery, API root, collections, 3 pages, the verify re-query: 7 requests, 2 per 400 ms → ≥ 1200 ms.
    const times = fixture.requests.length;
    expect(times).toBe(7);
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
  });
});
