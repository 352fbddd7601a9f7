import { readFile } from "node:fs/promises";
import type { StixObject } from "@taxiway/core";
import { afterEach, describe, expect, it } from "vitest";
import {
  DEMO_FEED_EXPECTED_PATH,
  DEMO_FEED_PATH,
  readBundleFile,
  startTaxiiServer,
  type TaxiiServer,
  type TaxiiServerOptions,
} from "../../src/fixtures.js";

const ACCEPT = { accept: "application/taxii+json;version=2.1" };
const indicators = (n: number): StixObject[] =>
  Array.from({ length: n }, (_, i) => ({
    type: i % 2 ? "indicator" : "malware",
    spec_version: "2.1",
    id: `${i % 2 ? "indicator" : "malware"}--00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    created: "2026-01-01T00:00:00.000Z",
    modified: "2026-01-01T00:00:00.000Z",
  }));

let server: TaxiiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Partial<TaxiiServerOptions> = {}, objects = indicators(10)) {
  server = await startTaxiiServer({
    collections: [{ id: "c1", title: "One", alias: "one", objects }],
    ...options,
  });
  return server;
}

async function get(url: string, headers: Record<string, string> = ACCEPT) {
  const response = await fetch(url, { headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

describe("fixture TAXII server", () => {
  it("serves discovery, API root, collections with the TAXII 2.1 media type", async () => {
    const s = await start();
    const discovery = await get(s.url);
    expect(discovery.headers.get("content-type")).toBe("application/taxii+json;version=2.1");
    expect(discovery.body.default).toBe(s.apiRootUrl);
    const root = await get(s.apiRootUrl);
    expect(root.body.versions).toEqual(["application/taxii+json;version=2.1"]);
    const list = await get(`${s.apiRootUrl}collections/`);
    expect(list.body.collections[0]).toMatchObject({ id: "c1", title: "One", alias: "one", can_read: true });
  });

  it("pages with limit and next, with date-added headers, and nothing repeats", async () => {
    const s = await start();
    const seen: string[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const query = new URLSearchParams({ limit: "4" });
      if (next) query.set("next", next);
      const page = await get(`${s.collectionUrl("c1")}objects/?${query}`);
      pages++;
      seen.push(...page.body.objects.map((o: StixObject) => o.id));
      expect(page.headers.get("x-taxii-date-added-first")).toMatch(/^2026-01-01T00:00:\d\d\.000Z$/);
      next = page.body.more ? page.body.next : undefined;
    } while (next);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(10);
  });

  it("filters by added_after (exclusive), match[type] and match[id]", async () => {
    const s = await start();
    const after = await get(`${s.collectionUrl("c1")}objects/?added_after=2026-01-01T00:00:07.000Z`);
    expect(after.body.objects).toHaveLength(2);
    const typed = await get(`${s.collectionUrl("c1")}objects/?match[type]=indicator`);
    expect(typed.body.objects.every((o: StixObject) => o.type === "indicator")).toBe(true);
    const id = indicators(10)[3]?.id as string;
    const one = await get(`${s.collectionUrl("c1")}objects/?match[id]=${id}`);
    expect(one.body.objects.map((o: StixObject) => o.id)).toEqual([id]);
  });

  it("rejects a next token used with another query, answers 406 to a wrong Accept, 401 without credentials", async () => {
    const s = await start({ auth: { type: "bearer", token: "t0ken" } });
    const auth = { ...ACCEPT, authorization: "Bearer t0ken" };
    const first = await get(`${s.collectionUrl("c1")}objects/?limit=2`, auth);
    const reused = await get(
      `${s.collectionUrl("c1")}objects/?limit=2&match[type]=malware&next=${first.body.next}`,
      auth,
    );
    expect(reused.status).toBe(400);
    expect((await get(`${s.collectionUrl("c1")}objects/`, { ...auth, accept: "text/html" })).status).toBe(
      406,
    );
    const denied = await get(`${s.collectionUrl("c1")}objects/`);
    expect(denied.status).toBe(401);
    expect(denied.body.http_status).toBe("401");
  });

  it("serves the manifest and quirks: bundle envelope, items, more without next, seconds in headers", async () => {
    const s = await start({
      quirks: { bundleEnvelope: true, moreWithoutNext: true, headerTimestamps: "seconds" },
    });
    const page = await get(`${s.collectionUrl("c1")}objects/?limit=3`);
    expect(page.body).toMatchObject({ type: "bundle", more: true });
    expect(page.body.next).toBeUndefined();
    expect(page.headers.get("x-taxii-date-added-last")).toBe("2026-01-01T00:00:02Z");
    const manifest = await get(`${s.collectionUrl("c1")}manifest/?limit=2`);
    expect(manifest.body.objects[0]).toMatchObject({
      date_added: "2026-01-01T00:00:00.000Z",
      version: expect.any(String),
    });
  });

  it("injects faults by request number", async () => {
    const s = await start({
      fault: (n) => (n === 1 ? { status: 503, headers: { "retry-after": "1" } } : undefined),
    });
    expect((await get(`${s.collectionUrl("c1")}objects/`)).status).toBe(503);
    expect((await get(`${s.collectionUrl("c1")}objects/`)).status).toBe(200);
  });

  it("accepts posted objects and reports them in a status resource", async () => {
    const s = await startTaxiiServer({ collections: [{ id: "w", title: "W", objects: [], canWrite: true }] });
    server = s;
    const response = await fetch(`${s.collectionUrl("w")}objects/`, {
      method: "POST",
      headers: { ...ACCEPT, "content-type": "application/taxii+json;version=2.1" },
      body: JSON.stringify({ objects: indicators(3) }),
    });
    const status = (await response.json()) as { id: string };
    expect(response.status).toBe(202);
    expect(status).toMatchObject({ status: "complete", success_count: 3, failure_count: 0 });
    expect((await get(`${s.apiRootUrl}status/${status.id}/`)).body.id).toBe(status.id);
    expect((await get(`${s.collectionUrl("w")}objects/`)).body.objects).toHaveLength(3);
  });

  it("ships a deterministic demo feed whose expectation file matches its contents", async () => {
    const objects = await readBundleFile(DEMO_FEED_PATH);
    const expected = JSON.parse(await readFile(DEMO_FEED_EXPECTED_PATH, "utf8"));
    expect(objects).toHaveLength(expected.objects);
    expect(objects.filter((o) => o.type === "indicator")).toHaveLength(expected.indicators + 1);
    expect(objects.filter((o) => o.type === "indicator" && o.revoked === true)).toHaveLength(
      expected.deletes,
    );
  });
});
