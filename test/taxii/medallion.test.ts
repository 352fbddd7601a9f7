import {
  type CollectionCursor,
  createTaxiiClient,
  createTaxiiSources,
  probeServer,
  type StixObject,
  type TaxiiSourceConfig,
} from "@taxiway/core";
import { afterAll, describe, expect, it } from "vitest";
import { memoryLogger } from "../support/logger.js";
import { MEDALLION_USER, type Medallion, startMedallion } from "../support/medallion.js";
import { ipv4Indicators } from "../support/objects.js";
import { pollOnce } from "../support/poll.js";

// OASIS medallion, the reference TAXII 2.1 server, as a real peer. Its memory backend is quadratic in the
// collection size, so the collections stay small; runs of five objects share one date_added, so page boundaries
// fall inside them.
const FEED = ipv4Indicators(250);
const dateAdded = (i: number) =>
  new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 5) * 1000).toISOString().replace(".000Z", ".000000Z");

const started = await startMedallion(
  [
    {
      id: "91a7b528-80eb-42ed-a74d-c6fbd5a26116",
      title: "Indicators",
      alias: "iocs",
      objects: FEED.map((object, i) => ({ object, date_added: dateAdded(i) })),
    },
    { id: "52892447-4d7e-4f70-b94d-d7f22742ff63", title: "Submissions", can_write: true },
    { id: "64993447-4d7e-4f70-b94d-d7f22742ff63", title: "Hidden", can_read: false },
  ],
  { maxPageSize: 100, nextTimeoutSeconds: 2 },
);
const skip = "skip" in started ? started.skip : undefined;
const peer = started as Medallion;
afterAll(() => (skip ? undefined : peer.stop()));

const auth = { type: "basic" as const, ...MEDALLION_USER };

function poll(config: Partial<TaxiiSourceConfig>, start: CollectionCursor = {}) {
  return pollOnce(
    { type: "taxii", url: peer.url, auth, collection: "iocs", page_size: 40, retries: 1, ...config },
    start,
  );
}

function client() {
  const { logger } = memoryLogger();
  return createTaxiiClient({ type: "taxii", url: peer.url, auth, retries: 1 }, { logger });
}

describe.skipIf(skip !== undefined)("against OASIS medallion 3.0.0", () => {
  it("discovers the API root and its collections with their permissions", async () => {
    const { client: taxii, http } = client();
    try {
      const { apiRootUrl } = await taxii.resolveApiRoot(peer.url);
      expect(apiRootUrl).toBe(peer.apiRoot);
      expect((await taxii.apiRoot(apiRootUrl)).versions).toContain("application/taxii+json;version=2.1");
      const listed = await taxii.collections(apiRootUrl);
      expect(listed.map((c) => [c.title, c.can_read, c.can_write])).toEqual([
        ["Indicators", true, false],
        ["Submissions", true, true],
        ["Hidden", false, false],
      ]);
    } finally {
      await http.close();
    }
  });

  it("pages through the collection by next: every object once; the next poll fetches nothing", async () => {
    const first = await poll({});
    expect(first.ids).toHaveLength(250);
    expect(new Set(first.ids).size).toBe(250);
    expect(first.cursor.added_after).toBe(dateAdded(249));
    const again = await poll({}, first.cursor);
    expect(again.ids).toEqual([]);
  });

  it("pages by the header cursor alone, boundaries inside runs of one date_added: nothing skipped, nothing doubled", async () => {
    const result = await poll({ pagination: "header", page_size: 37 });
    expect(result.ids).toHaveLength(250);
    expect(new Set(result.ids)).toEqual(new Set(FEED.map((o) => o.id)));
  });

  it("copes with limit above max_page_size (capped silently) and with a filter kept across next", async () => {
    const capped = await poll({ page_size: 1000 });
    expect(capped.pages.map((p) => p.objects.length).filter((n) => n > 0)).toEqual([100, 100, 50]);
    const filtered = await poll({ page_size: 30, match: { type: ["indicator"] } });
    expect(filtered.ids).toHaveLength(250);
  });

  it("a next token that expired while the sink was busy: the poll goes on from the header cursor, nothing lost", async () => {
    const { logger } = memoryLogger();
    const { sources, close } = await createTaxiiSources(
      { type: "taxii", url: peer.url, auth, collection: "iocs", page_size: 100, retries: 1 },
      { logger },
    );
    const ids: string[] = [];
    try {
      for await (const page of (sources[0] as NonNullable<(typeof sources)[0]>).pages({})) {
        ids.push(...page.objects.map((o) => o.id));
        // Slower than the token's 2 s life (medallion sweeps every 2 s).
        if (ids.length === 100) await new Promise((resolve) => setTimeout(resolve, 4500));
      }
    } finally {
      await close();
    }
    expect(new Set(ids)).toEqual(new Set(FEED.map((o) => o.id)));
  });

  it("resumes from a checkpoint: a later poll gets only what was added since", async () => {
    const first = await poll({ collection: "Submissions" });
    const { client: taxii, http } = client();
    try {
      const submissions = `${peer.apiRoot}collections/52892447-4d7e-4f70-b94d-d7f22742ff63/`;
      await taxii.addObjects(submissions, ipv4Indicators(3, 1000));
      const second = await poll({ collection: "Submissions" }, first.cursor);
      expect(second.ids).toEqual(ipv4Indicators(3, 1000).map((o) => o.id));
      const third = await poll({ collection: "Submissions" }, second.cursor);
      expect(third.ids).toEqual([]);
    } finally {
      await http.close();
    }
  });

  it("adds objects, reads the status, the object, its versions and the manifest, and deletes it", async () => {
    const { client: taxii, http } = client();
    const collection = `${peer.apiRoot}collections/52892447-4d7e-4f70-b94d-d7f22742ff63/`;
    try {
      const [v1] = ipv4Indicators(1, 5000) as [StixObject];
      const v2 = { ...v1, modified: "2026-02-01T00:00:00.000Z", pattern: "[ipv4-addr:value = '10.9.9.9']" };
      const status = await taxii.addObjects(collection, [v1]);
      expect(status).toMatchObject({ status: "complete", success_count: 1, failure_count: 0 });
      expect(await taxii.status(peer.apiRoot, status.id as string)).toMatchObject({
        id: status.id,
        total_count: 1,
      });
      await taxii.addObjects(collection, [v2]);
      expect((await taxii.versions(collection, v1.id)).sort()).toEqual([v1.modified, v2.modified]);
      const latest = await taxii.getObject(collection, v1.id);
      expect(latest.map((o) => o.modified)).toEqual([v2.modified]);
      const manifest = await taxii.manifest(collection, { match: { id: [v1.id], version: ["all"] } });
      expect(manifest.body.objects.map((m) => m.version).sort()).toEqual([v1.modified, v2.modified]);
      await taxii.deleteObject(collection, v1.id);
      await expect(taxii.getObject(collection, v1.id)).rejects.toMatchObject({ status: 404 });
    } finally {
      await http.close();
    }
  });

  it("taxiway doctor's probe reads medallion's habits: one reused next token, the page cap, exclusive added_after", async () => {
    const { client: taxii, http } = client();
    try {
      const report = await probeServer(taxii, peer.url, "iocs");
      const byCheck = Object.fromEntries(report.findings.map((f) => [f.check, f]));
      expect(byCheck.next?.detail).toContain("one token reused on every page");
      expect(byCheck["page size"]?.detail).toContain("capped to 100");
      expect(byCheck.added_after?.detail).toContain("honored (exclusive)");
      expect(byCheck["date headers"]?.detail).toContain("6-digit sub-seconds, Z");
      expect(report.suggested).toMatchObject({ pagination: "auto", page_size: 100, collection: "iocs" });
    } finally {
      await http.close();
    }
  });

  it("refuses an unreadable collection and bad credentials with clear errors", async () => {
    await expect(poll({ collection: "Hidden" })).rejects.toThrow(/not readable with these credentials/);
    await expect(
      poll({ auth: { type: "basic", username: "taxiway", password: "wrong-password" } }),
    ).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(/401/) });
  });
});
