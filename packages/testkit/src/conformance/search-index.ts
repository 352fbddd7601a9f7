import type { ConnectorDescriptor, IocRecord } from "@taxiway/core";
import { beforeEach, describe, expect, it } from "vitest";
import { testSinkContext } from "./context.js";
import type { FaultProxy, InjectedFault } from "./fault-proxy.js";
import type { HttpConformance } from "./options.js";
import { sampleRecord, sampleRecords } from "./records.js";

export interface IndexedDocument {
  key: string;
  source: Record<string, unknown>;
  version: number;
}

/**
 * The REST calls both Elasticsearch and OpenSearch answer alike, for reading back what a sink wrote: refresh and
 * search, count, delete an index, put a foreign template, index existence, field mapping types.
 */
export function searchRestProbe(url: string, headers: Record<string, string> = {}) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return {
      status: response.status,
      json: method === "HEAD" ? {} : ((await response.json()) as Record<string, unknown>),
    };
  };
  return {
    call,
    async documents(index: string): Promise<IndexedDocument[]> {
      await call("POST", `/${index}/_refresh`);
      const { json } = await call("POST", `/${index}/_search?version=true`, {
        size: 10_000,
        query: { match_all: {} },
      });
      const hits = (
        json.hits as { hits?: Array<{ _id: string; _version: number; _source: Record<string, unknown> }> }
      )?.hits;
      return (hits ?? []).map((hit) => ({ key: hit._id, source: hit._source, version: hit._version }));
    },
    /** What the conformance kit's readBack wants: each document's key and STIX `modified`. */
    async heldRecords(index: string): Promise<Array<{ key: string; modified?: string; revoked?: boolean }>> {
      return (await this.documents(index)).map((doc) => ({
        key: doc.key,
        revoked: (doc.source as { taxiway?: { revoked?: boolean } }).taxiway?.revoked === true,
        modified: (doc.source as { threat?: { indicator?: { modified_at?: string } } }).threat?.indicator
          ?.modified_at,
      }));
    },
    async count(index: string, query?: unknown): Promise<number> {
      await call("POST", `/${index}/_refresh`);
      return (await call("POST", `/${index}/_count`, query ? { query } : undefined)).json.count as number;
    },
    async deleteIndex(index: string): Promise<void> {
      await call("DELETE", `/${index}`);
    },
    async putTemplate(name: string, body: unknown): Promise<void> {
      await call("PUT", `/_index_template/${name}`, body);
    },
    async indexExists(index: string): Promise<boolean> {
      return (await call("HEAD", `/${index}`)).status === 200;
    },
    async fieldTypes(index: string, fields: string[]): Promise<Array<string | undefined>> {
      const { json } = await call("GET", `/${index}/_mapping/field/${fields.join(",")}`);
      const mappings = (
        json[index] as { mappings?: Record<string, { mapping: Record<string, { type?: string }> }> }
      )?.mappings;
      return fields.map((field) => mappings?.[field]?.mapping[field.split(".").at(-1) as string]?.type);
    },
  };
}

export type SearchRestProbe = ReturnType<typeof searchRestProbe>;

/** The keys of an index sink's config the shared cases vary. */
export interface IndexSinkKeys {
  on_revoked?: "delete" | "flag";
  flush_bytes?: number;
  concurrency?: number;
  template?: boolean | { name?: string; priority?: number };
}

export interface SearchIndexSuiteOptions<Config> {
  /** `elasticsearch`, `opensearch`: the sink's type, as its messages start. */
  product: string;
  /** Prefix of the sink's error codes: `ES`, `OPENSEARCH`. */
  code: string;
  descriptor: ConnectorDescriptor<Config>;
  /** A working config writing `index`, with `extra` keys over it. */
  config: (index: string, extra?: IndexSinkKeys) => Config;
  probe: SearchRestProbe;
  /** IOCs in the bulk-volume case (default 20 000). */
  volume?: number;
}

/**
 * What every ECS index sink must do on a real cluster: external versions (an older or replayed version never wins),
 * revocation (delete, or flag), permanent mapping rejections beside delivered records, a replayed feed at volume,
 * template clashes resolved by priority, and ECS field types. Each connector's test file runs it against its own
 * cluster and adds what is particular to the product.
 */
export function describeSearchIndexSink<Config>(options: SearchIndexSuiteOptions<Config>): void {
  const { probe } = options;
  let counter = 0;
  describe(`${options.product} sink, shared index-sink cases`, () => {
    let index: string;
    beforeEach(async () => {
      index = `iocs-shared-${process.pid}-${++counter}`;
      await probe.deleteIndex(index);
    });
    const sinkFor = (extra?: IndexSinkKeys) =>
      options.descriptor.create(options.config(index, extra), testSinkContext());

    it("a replayed or older version never overwrites a newer one (external versioning, 409 = delivered)", async () => {
      const sink = sinkFor();
      await sink.open();
      const newer = sampleRecord(7, { modified: "2026-06-01T00:00:00.000Z", name: "newer" });
      const older = { ...newer, modified: "2026-01-01T00:00:00.000Z", name: "older" };
      for (const record of [newer, older, newer])
        expect((await sink.write([record])).outcomes[0]?.status).toBe("delivered");
      await sink.close();
      const docs = (await probe.documents(index)).filter((d) => d.key === newer.key);
      expect(docs).toHaveLength(1);
      // recordVersion: µs × 2 (+ 1 for a delete).
      expect(docs[0]?.version).toBe(Date.parse("2026-06-01T00:00:00.000Z") * 2000);
      expect((docs[0]?.source.taxiway as { stix_name?: string } | undefined)?.stix_name).toBe("newer");
    });

    it("issue 20 #1: a revocation 1 µs after the original (same ms) deletes the document", async () => {
      const sink = sinkFor();
      await sink.open();
      const original = sampleRecord(30, { modified: "2026-03-01T10:00:00.123456Z" });
      const revocation: IocRecord = {
        ...original,
        modified: "2026-03-01T10:00:00.123457Z",
        action: "delete",
        revoked: true,
      };
      expect((await sink.write([original])).outcomes[0]?.status).toBe("delivered");
      expect((await sink.write([revocation])).outcomes[0]?.status).toBe("delivered");
      // The original replayed after its revocation stays revoked.
      expect((await sink.write([original])).outcomes[0]?.status).toBe("delivered");
      await sink.close();
      expect((await probe.documents(index)).some((d) => d.key === original.key)).toBe(false);
    });

    it("issue 20 #2: the expiry delete of an unchanged object (same modified) deletes it, or flags it", async () => {
      const sink = sinkFor();
      const flagging = sinkFor({ on_revoked: "flag" });
      await sink.open();
      const modified = "2026-03-01T10:00:00.5Z";
      const gone = sampleRecord(31, { modified, valid_until: "2026-03-02T00:00:00Z" });
      const flagged = sampleRecord(32, { modified, valid_until: "2026-03-02T00:00:00Z" });
      await sink.write([gone, flagged]);
      const expire = (r: IocRecord): IocRecord => ({ ...r, action: "delete" });
      expect((await sink.write([expire(gone)])).outcomes[0]?.status).toBe("delivered");
      expect((await flagging.write([expire(flagged)])).outcomes[0]?.status).toBe("delivered");
      // The feed re-serves both unchanged: the upsert of the same modified does not bring them back.
      expect((await sink.write([gone, flagged])).outcomes.map((o) => o.status)).toEqual([
        "delivered",
        "delivered",
      ]);
      await sink.close();
      await flagging.close();
      const docs = await probe.documents(index);
      expect(docs.some((d) => d.key === gone.key)).toBe(false);
      const held = docs.find((d) => d.key === flagged.key);
      expect((held?.source.taxiway as { revoked?: boolean } | undefined)?.revoked).toBe(true);
    });

    it("a stale delete (older modified) leaves a newer version in place", async () => {
      const sink = sinkFor();
      await sink.open();
      const newer = sampleRecord(33, { modified: "2026-03-01T10:00:00.000002Z" });
      const staleDelete: IocRecord = { ...newer, modified: "2026-03-01T10:00:00.000001Z", action: "delete" };
      await sink.write([newer]);
      expect((await sink.write([staleDelete])).outcomes[0]?.status).toBe("delivered");
      await sink.close();
      expect((await probe.documents(index)).some((d) => d.key === newer.key)).toBe(true);
    });

    it("issue 20 #3: a sweep deletes (or flags) what expired while the feed was silent (clock injected)", async () => {
      const sink = sinkFor();
      const flagging = sinkFor({ on_revoked: "flag" });
      await sink.open();
      const day = 86_400_000;
      const now = Date.parse("2027-01-01T00:00:00Z");
      const expiring = sampleRecord(40, { valid_until: "2026-12-31T00:00:00Z" });
      const lasting = sampleRecord(41, { valid_until: "2027-06-01T00:00:00Z" });
      const stale = sampleRecord(42, { modified: "2026-06-01T00:00:00Z" });
      const fresh = sampleRecord(43, { modified: "2026-12-25T00:00:00Z" });
      await sink.write([expiring, lasting, stale, fresh]);
      const dry = await sink.sweep?.({ now, expireAfterMs: 90 * day, dryRun: true });
      expect(dry?.expired).toBe(2);
      expect(new Set(dry?.sample)).toEqual(new Set([expiring.key, stale.key]));
      expect(await probe.count(index)).toBe(4);
      // Flagging first: both expired documents are flagged once, a second flagging sweep finds nothing new.
      expect((await flagging.sweep?.({ now, expireAfterMs: 90 * day }))?.expired).toBe(2);
      expect((await flagging.sweep?.({ now, expireAfterMs: 90 * day }))?.expired).toBe(0);
      const flagged = (await probe.documents(index)).filter(
        (d) => (d.source.taxiway as { revoked?: boolean }).revoked === true,
      );
      expect(flagged.map((d) => d.key).sort()).toEqual([expiring.key, stale.key].sort());
      // Deleting: without expire_after only the explicit expiry goes, then the age limit takes the stale one.
      expect((await sink.sweep?.({ now }))?.expired).toBe(1);
      expect((await sink.sweep?.({ now, expireAfterMs: 90 * day }))?.expired).toBe(1);
      const left = (await probe.documents(index)).map((d) => d.key).sort();
      expect(left).toEqual([lasting.key, fresh.key].sort());
      await sink.close();
      await flagging.close();
    });

    it("revoked indicators are deleted, or kept flagged with on_revoked: flag", async () => {
      const sink = sinkFor();
      const flagging = sinkFor({ on_revoked: "flag" });
      await sink.open();
      const live = sampleRecord(20, { modified: "2026-01-01T00:00:00.000Z" });
      const other = sampleRecord(21, { modified: "2026-01-01T00:00:00.000Z" });
      await sink.write([live, other]);
      const revoke = (r: IocRecord): IocRecord => ({
        ...r,
        modified: "2026-02-01T00:00:00.000Z",
        action: "delete",
        revoked: true,
      });
      expect((await sink.write([revoke(live)])).outcomes[0]?.status).toBe("delivered");
      expect((await flagging.write([revoke(other)])).outcomes[0]?.status).toBe("delivered");
      const docs = await probe.documents(index);
      expect(docs.some((d) => d.key === live.key)).toBe(false);
      const flagged = docs.find((d) => d.key === other.key);
      expect((flagged?.source.taxiway as { revoked?: boolean } | undefined)?.revoked).toBe(true);
      await sink.close();
      await flagging.close();
    });

    it("a document the mapping rejects is permanent (dead-lettered) with the product's code; the rest lands", async () => {
      const sink = sinkFor();
      await sink.open();
      const bad: IocRecord = { ...sampleRecord(200), type: "ipv4", value: "not-an-ip" };
      const result = await sink.write([...sampleRecords(3, 100), bad]);
      expect(result.outcomes.map((o) => o.status)).toEqual([
        "delivered",
        "delivered",
        "delivered",
        "permanent",
      ]);
      expect(result.outcomes[3]).toMatchObject({
        // mapper_parsing_exception (OpenSearch, Elasticsearch 7) or document_parsing_exception (Elasticsearch 8).
        error: { code: expect.stringMatching(new RegExp(`^${options.code}_[A-Z_]*PARSING_EXCEPTION$`)) },
      });
      await sink.close();
    });

    const volume = options.volume ?? 20_000;
    it(`${volume.toLocaleString("en-US")} IOCs: a replay changes nothing, an older page never wins, revoked ones are deleted`, async () => {
      const sink = sinkFor({ flush_bytes: 2_000_000, concurrency: 2 });
      await sink.open();
      const pages = Math.ceil(volume / 1000);
      const pageOf = (page: number, modified: string, extra: Partial<IocRecord> = {}) =>
        sampleRecords(1000, page * 1000).map((r) => ({ ...r, modified, ...extra }));
      const deliverAll = async (records: IocRecord[]) => {
        const result = await sink.write(records);
        expect(result.outcomes.filter((o) => o.status !== "delivered")).toEqual([]);
      };
      const [v1, v2, v3] = [
        "2026-01-01T00:00:00.000Z",
        "2026-03-01T00:00:00.000Z",
        "2026-05-01T00:00:00.000Z",
      ];
      for (let page = 0; page < pages; page++) await deliverAll(pageOf(page, v1));
      for (let page = 0; page < 5; page++) await deliverAll(pageOf(page, v2));
      // The whole feed again at the old version, as after a crash before the checkpoint moved: every 409 is delivered.
      for (let page = 0; page < pages; page++) await deliverAll(pageOf(page, v1));
      expect(await probe.count(index)).toBe(pages * 1000);
      expect(await probe.count(index, { range: { "threat.indicator.modified_at": { gte: v2 } } })).toBe(
        5_000,
      );
      for (let page = 0; page < 2; page++)
        await deliverAll(pageOf(page, v3, { action: "delete", revoked: true }));
      expect(await probe.count(index)).toBe(pages * 1000 - 2_000);
      await sink.close();
      // Sized for a loaded 2-core machine (vitest's 30 s default failed there): the volume is the point, not speed.
    }, 600_000);

    it("a template clash is a config error that says how to resolve it; template.priority resolves it", async () => {
      const other = `${index}-clash`;
      await probe.deleteIndex(other);
      await probe.putTemplate(`${other}-foreign`, { index_patterns: [other], priority: 200 });
      const clashing = options.descriptor.create(options.config(other), testSinkContext());
      await expect(clashing.open()).rejects.toMatchObject({
        retryable: false,
        code: `CONFIG_${options.code}_TEMPLATE`,
        message: expect.stringContaining("template.priority"),
      });
      await clashing.close();
      const resolved = options.descriptor.create(
        options.config(other, { template: { priority: 300 } }),
        testSinkContext(),
      );
      await resolved.open();
      await resolved.close();
      expect(await probe.indexExists(other)).toBe(true);
    });

    it("the installed template maps fields as ECS says", async () => {
      const sink = sinkFor();
      await sink.open();
      await sink.close();
      const fields = [
        "threat.indicator.ip",
        "threat.indicator.first_seen",
        "threat.indicator.file.hash.sha256",
        "threat.indicator.as.number",
        "threat.indicator.url.full",
        "related.ip",
        "event.kind",
      ];
      expect(await probe.fieldTypes(index, fields)).toEqual([
        "ip",
        "date",
        "keyword",
        "long",
        "keyword",
        "ip",
        "keyword",
      ]);
    });
  });
}

/**
 * The conformance kit's HTTP faults for a search cluster: error bodies in the cluster's shape, and a bulk answer
 * whose items partly succeed, partly are throttled (`rejected`, retryable) and partly rejected by the mapping.
 */
export function searchBulkFaults(options: {
  upstream: () => string;
  /** The throttling error type: `es_rejected_execution_exception`, `rejected_execution_exception`. */
  rejectedType: string;
  /** Headers the client expects on every answer (the Elasticsearch client's product check). */
  headers?: Record<string, string>;
}): HttpConformance {
  return {
    upstream: options.upstream,
    maxInFlight: 2,
    faultBody: (status: number) => ({
      error: {
        type: status === 429 ? options.rejectedType : "illegal_argument_exception",
        reason: "injected",
      },
      status,
    }),
    injectPartialFailure: (proxy: FaultProxy) =>
      proxy.inject({
        status: 200,
        times: 1,
        headers: { ...options.headers, "content-type": "application/json" },
        body: {
          errors: true,
          took: 1,
          items: Array.from({ length: 10 }, (_, i) =>
            i < 5
              ? { index: { status: 201 } }
              : {
                  index: {
                    status: i % 2 ? 429 : 400,
                    error: {
                      type: i % 2 ? options.rejectedType : "mapper_parsing_exception",
                      reason: "injected",
                    },
                  },
                },
          ),
        },
      } as InjectedFault),
  };
}
