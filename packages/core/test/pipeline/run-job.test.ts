import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  allDelivered,
  type CollectionCursor,
  type ConnectorDescriptor,
  createLogger,
  FileCheckpointStore,
  type IocRecord,
  type JobConfig,
  type Page,
  type PageSource,
  permanentError,
  runJob,
  type StixObject,
  transientError,
} from "@taxiway/core";
import { describe, expect, it } from "vitest";
import { indicator } from "./indicators.js";
import { memoryConnector } from "./memory-connector.js";

/** Pages of fixed objects; the cursor of page N is `added_after: N`. */
function memorySource(pages: unknown[][]): PageSource & { starts: CollectionCursor[] } {
  const starts: CollectionCursor[] = [];
  return {
    collection: "c",
    starts,
    async *pages(start: CollectionCursor): AsyncIterable<Page> {
      starts.push(start);
      const from = start.added_after ? Number(start.added_after) : 0;
      for (let index = from; index < pages.length; index++) {
        yield {
          collection: "c",
          objects: pages[index] as StixObject[],
          cursor: { added_after: String(index + 1) },
          sequence: index - from + 1,
          more: index + 1 < pages.length,
          bytes: 100,
        };
      }
    },
  };
}

interface Behaviour {
  failTransientlyTimes?: number;
  rejectValue?: string;
}

/** The memory sink, failing transiently `failTransientlyTimes` times, then rejecting `rejectValue` for good. */
function behavingConnector(held: IocRecord[], behaviour: Behaviour = {}): ConnectorDescriptor {
  let failures = behaviour.failTransientlyTimes ?? 0;
  return memoryConnector(held, {
    write: async (records: readonly IocRecord[]) => {
      if (failures > 0) {
        failures--;
        return {
          outcomes: records.map(() => ({
            status: "transient" as const,
            error: transientError("busy", { code: "BUSY" }),
          })),
        };
      }
      const outcomes = records.map((record) => {
        if (record.value === behaviour.rejectValue)
          return { status: "permanent" as const, error: permanentError("mapping", { code: "MAPPING" }) };
        held.push(record);
        return allDelivered(1).outcomes[0] as { status: "delivered" };
      });
      return { outcomes };
    },
  });
}

async function setup(pages: unknown[][], behaviour: Behaviour = {}, job: Partial<JobConfig> = {}) {
  const dir = await mkdtemp(join(tmpdir(), "taxiway-run-"));
  const held: IocRecord[] = [];
  const store = new FileCheckpointStore(join(dir, "state.json"));
  const source = memorySource(pages);
  const config: JobConfig = {
    name: "j",
    source: { type: "taxii", url: "http://unused/", collection: "c" },
    sinks: [{ type: "memory", id: "mem" }],
    dead_letter: { path: join(dir, "dead.ndjson") },
    delivery: { retries: 2, prefetch: 1 },
    ...job,
  };
  const logger = createLogger({ level: "silent", format: "json", destination: { write: () => {} } });
  const run = () =>
    runJob({
      job: config,
      baseDir: dir,
      sources: [source],
      connectors: new Map([["memory", behavingConnector(held, behaviour)]]),
      store,
      logger,
    });
  return { dir, held, store, source, run };
}

describe("runJob", () => {
  it("delivers every page, commits cursor and sink state, and the next run starts after it", async () => {
    const { held, store, source, run } = await setup([[indicator(1), indicator(2)], [indicator(3)]]);
    const summary = await run();
    expect(summary).toMatchObject({ status: "ok", pages: 2, iocs: 3, nothing_new: false });
    expect(held.map((r) => r.value)).toEqual(["10.0.0.1", "10.0.0.2", "10.0.0.3"]);
    const checkpoint = await store.load("j");
    expect(checkpoint?.collections.c).toEqual({ added_after: "2" });
    expect(checkpoint?.sinks.mem).toEqual({ count: 3 });
    expect(checkpoint?.last_run).toMatchObject({ status: "ok", iocs: 3 });
    const again = await run();
    expect(source.starts.at(-1)).toEqual({ added_after: "2" });
    expect(again.nothing_new).toBe(true);
  });

  it("dead-letters undecodable objects and sink rejections with the reason, and still moves on", async () => {
    const { dir, held, store, run } = await setup(
      [[indicator(1), { type: "indicator" }, "junk", indicator(2)]],
      { rejectValue: "10.0.0.2" },
    );
    const summary = await run();
    expect(summary.status).toBe("partial");
    expect(summary.dead_lettered).toMatchObject({ decode: 2, sink: 1 });
    expect(held.map((r) => r.value)).toEqual(["10.0.0.1"]);
    const lines = (await readFile(join(dir, "dead.ndjson"), "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => `${l.stage}:${l.code}`)).toEqual([
      "decode:MISSING_ID",
      "decode:NOT_AN_OBJECT",
      "sink:MAPPING",
    ]);
    expect((await store.load("j"))?.collections.c).toEqual({ added_after: "1" });
  });

  it("retries transient sink failures, then delivers", async () => {
    const { held, run } = await setup([[indicator(1)]], { failTransientlyTimes: 2 });
    const summary = await run();
    expect(held).toHaveLength(1);
    expect(summary.status).toBe("ok");
  });

  it("fails the run with the checkpoint where it was when retries run out", async () => {
    const { store, run } = await setup([[indicator(1)]], { failTransientlyTimes: 10 });
    await expect(run()).rejects.toThrow(/still failing after the retries ran out/);
    expect(await store.load("j")).toBeUndefined();
  });

  it("filters by IOC type, minimum confidence and maximum TLP (1.0 and 2.0 ids)", async () => {
    const amber2 = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
    const green1 = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
    const red1 = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";
    const page = [
      indicator(1, { confidence: 90, object_marking_refs: [green1] }),
      indicator(2, { confidence: 10 }),
      indicator(3, { object_marking_refs: [amber2] }),
      indicator(4, { object_marking_refs: [red1] }),
      indicator(5, { pattern: "[domain-name:value = 'x.example']" }),
    ];
    const { held, run } = await setup(
      [page],
      {},
      { filters: { ioc_types: ["ipv4"], min_confidence: 50, max_tlp: "amber" } },
    );
    const summary = await run();
    expect(held.map((r) => `${r.value}:${r.tlp ?? "-"}`)).toEqual(["10.0.0.1:green", "10.0.0.3:amber"]);
    expect(summary.filtered).toMatchObject({ ioc_type: 1, confidence: 1, tlp: 1 });
  });

  it("turns revoked and expired indicators into deletions, or drops them, as configured", async () => {
    const page = [
      indicator(1, { revoked: true }),
      indicator(2, { valid_until: "2020-01-01T00:00:00Z" }),
      indicator(3),
    ];
    const deleting = await setup([page]);
    await deleting.run();
    expect(deleting.held.map((r) => `${r.value}:${r.action}`)).toEqual([
      "10.0.0.1:delete",
      "10.0.0.2:delete",
      "10.0.0.3:upsert",
    ]);
    const dropping = await setup(
      [page],
      {},
      { filters: { revoked: "drop", expired: "drop", expire_after: "30d" } },
    );
    const summary = await dropping.run();
    expect(dropping.held.map((r) => r.value)).toEqual([]);
    expect(summary.filtered).toMatchObject({ revoked: 1, expired: 2 });
  });
});
