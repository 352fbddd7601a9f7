import {
  type CollectionCursor,
  ConfigError,
  createTaxiiClient,
  justBefore,
  type PagingClient,
  serverTimestamp,
  TaxiiHttpError,
  TaxiiPager,
  type TaxiiSourceConfig,
} from "@taxiway/core";
import { startTaxiiServer, type TaxiiServer } from "@taxiway/testkit/fixtures";
import { afterEach, describe, expect, it } from "vitest";
import { memoryLogger } from "../support/logger.js";
import { ipv4Indicators } from "../support/objects.js";
import { pollOnce } from "../support/poll.js";

let server: TaxiiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function poll(config: Partial<TaxiiSourceConfig>, start: CollectionCursor = {}) {
  if (!server) throw new Error("start the server first");
  return pollOnce(
    { type: "taxii", url: server.url, collection: "c1", page_size: 10, retries: 1, ...config },
    start,
  );
}

describe("issue 17 #4: version: auto reads every spelling of the API root's versions", () => {
  it("an API root listing `taxii-2.0` (the 2.0 specification's own form) is TAXII 2.0", async () => {
    server = await startTaxiiServer({
      version: "2.0",
      collections: [{ id: "c1", title: "Indicators", objects: ipv4Indicators(12) }],
      quirks: { apiRootVersions: ["taxii-2.0"] },
    });
    const result = await poll({});
    expect(new Set(result.ids).size).toBe(12);
    expect(server.requests.find((r) => r.path.endsWith("/objects/"))?.headers.range).toBe("items 0-9");
  });

  it("an API root that names 2.1 on a 2.0 server: the first 406 past the API root is retried once with 2.0", async () => {
    server = await startTaxiiServer({
      version: "2.0",
      collections: [{ id: "c1", title: "Indicators", objects: ipv4Indicators(12) }],
      quirks: { apiRootVersions: ["application/taxii+json;version=2.1"] },
    });
    const result = await poll({});
    expect(new Set(result.ids).size).toBe(12);
    const listings = server.requests.filter((r) => r.path.endsWith("/collections/"));
    expect(listings.map((r) => r.headers.accept)).toEqual([
      expect.stringMatching(/version=2\.1/),
      expect.stringMatching(/version=2\.0/),
    ]);
  });

  it("a configured version is not second-guessed: its 406 fails the run", async () => {
    server = await startTaxiiServer({
      version: "2.0",
      collections: [{ id: "c1", title: "Indicators", objects: ipv4Indicators(3) }],
    });
    await expect(poll({ version: "2.1" })).rejects.toMatchObject({ status: 406 });
  });
});

describe("issue 17 #5: timestamps the server accepts", () => {
  it("a configured added_after is sent in the server's form with milliseconds", async () => {
    server = await startTaxiiServer({
      collections: [{ id: "c1", title: "Indicators", objects: ipv4Indicators(5) }],
    });
    await poll({}, { added_after: "2026-01-01T00:00:01Z" });
    expect(server.requests.find((r) => r.path.endsWith("/objects/"))?.query.get("added_after")).toBe(
      "2026-01-01T00:00:01.000Z",
    );
    expect(serverTimestamp("2024-01-01T00:00:00Z")).toBe("2024-01-01T00:00:00.000Z");
    expect(serverTimestamp("2024-01-01T02:00:00+02:00")).toBe("2024-01-01T00:00:00.000Z");
    expect(serverTimestamp("2024-01-01T00:00:00.123456Z")).toBe("2024-01-01T00:00:00.123456Z");
    expect(justBefore("2024-01-01T00:00:01Z")).toBe("2024-01-01T00:00:00.999Z");
  });

  it("a 400 naming added_after on a poll's first request is a configuration error (exit 2) with the hint", async () => {
    const refusing: PagingClient = {
      objects: async () => {
        throw new TaxiiHttpError({
          status: 400,
          url: "https://taxii.example/collections/c1/objects/",
          body: JSON.stringify({
            title: "Bad request",
            description: "added_after must carry fractional seconds",
          }),
          contentType: "application/taxii+json;version=2.1",
        });
      },
      manifest: async () => ({ body: { objects: [], more: false }, headers: {}, bytes: 0 }),
    };
    const pager = new TaxiiPager(
      {
        client: refusing,
        collection: "c1",
        collectionUrl: "https://taxii.example/collections/c1/",
        pageSize: 10,
        pagination: "auto",
        logger: memoryLogger().logger,
      },
      { added_after: "2024-01-01T00:00:00Z" },
    );
    const failure = (async () => {
      for await (const _ of pager.pages()) {
        // nothing comes
      }
    })();
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toMatchObject({
      code: "TAXII_ADDED_AFTER_REFUSED",
      retryable: false,
      message: expect.stringMatching(/added_after=2024-01-01T00:00:00.000Z.*source.added_after \/ --since/),
    });
  });
});

describe("a client built for the probe keeps its version", () => {
  it("createTaxiiClient with version 2.0 sends 2.0 media types", async () => {
    server = await startTaxiiServer({
      version: "2.0",
      collections: [{ id: "c1", title: "Indicators", objects: ipv4Indicators(1) }],
    });
    const { client, http } = createTaxiiClient(
      { type: "taxii", url: server.url, version: "2.0", retries: 1 },
      { logger: memoryLogger().logger },
    );
    try {
      expect(client.taxiiVersion).toBe("2.0");
    } finally {
      await http.close();
    }
  });
});
