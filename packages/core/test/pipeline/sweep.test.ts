import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  allDelivered,
  type CollectionCursor,
  type ConnectorDescriptor,
  createLogger,
  defineConnector,
  FileCheckpointStore,
  hasExpired,
  type IocRecord,
  type JobConfig,
  type Page,
  type PageSource,
  RunMetrics,
  runJob,
  runLoadedSweep,
  type StixObject,
  type SweepRequest,
  transientError,
} from "@taxiway/core";
import { describe, expect, it } from "vitest";
import { indicator as ipv4Indicator } from "./indicators.js";

const DAY = 86_400_000;
const T0 = Date.parse("2026-03-01T00:00:00Z");

const indicator = (i: number, extra: Partial<StixObject> = {}): StixObject =>
  ipv4Indicator(i, {
    created: "2026-02-01T00:00:00.000Z",
    modified: "2026-02-01T00:00:00.000Z",
    valid_from: "2026-02-01T00:00:00.000Z",
    ...extra,
  });

/** One page on the first poll, then silence (as a feed with a cursor is once nothing changes). */
function onePageSource(objects: StixObject[]): PageSource {
  return {
    collection: "c",
    async *pages(start: CollectionCursor): AsyncIterable<Page> {
      if (start.added_after) return;
      yield { collection: "c", objects, cursor: { added_after: "1" }, sequence: 1, more: false, bytes: 1 };
    },
  };
}

/** A keyed sink that sweeps by the shared rule; `failSweep` makes its sweep throw a transient error. */
function keyedConnector(held: Map<string, IocRecord>, calls: SweepRequest[], failSweep = false) {
  return defineConnector({
    type: "keyed",
    version: "1.0.0",
    coreVersion: "^0.1.0",
    configSchema: { type: "object", additionalProperties: false, properties: {} },
    sweep: () => true,
    create: () => ({
      type: "keyed",
      check: async () => ({ ok: true, message: "keyed" }),
      open: async () => {},
      write: async (records: readonly IocRecord[]) => {
        for (const record of records)
          if (record.action === "delete") held.delete(record.key);
          else held.set(record.key, record);
        return allDelivered(records.length);
      },
      sweep: async (request: SweepRequest) => {
        calls.push(request);
        if (failSweep) throw transientError("index busy", { code: "BUSY" });
        const expired = [...held.values()].filter((record) => hasExpired(record, request));
        if (!request.dryRun) for (const record of expired) held.delete(record.key);
        // Like CSV append's delete rows: state the runner must commit, as it does flush()'s.
        return {
          expired: expired.length,
          sample: expired.map((record) => record.key),
          ...(request.dryRun ? {} : { state: { swept_at: request.now } }),
        };
      },
      flush: async () => undefined,
      close: async () => {},
    }),
  }) as ConnectorDescriptor;
}

async function setup(options: { failSweep?: boolean; job?: Partial<JobConfig> } = {}) {
  const dir = await mkdtemp(join(tmpdir(), "taxiway-sweep-"));
  const held = new Map<string, IocRecord>();
  const calls: SweepRequest[] = [];
  const store = new FileCheckpointStore(join(dir, "state.json"));
  const connectors = new Map([["keyed", keyedConnector(held, calls, options.failSweep)]]);
  const job: JobConfig = {
    name: "j",
    source: { type: "taxii", url: "http://unused/", collection: "c" },
    sinks: [{ type: "keyed", id: "kv" }],
    dead_letter: { path: join(dir, "dead.ndjson") },
    filters: { expire_after: "30d" },
    checkpoint: { path: join(dir, "state.json") },
    ...options.job,
  };
  const logger = createLogger({ level: "silent", format: "json", destination: { write: () => {} } });
  const source = onePageSource([
    indicator(1, { valid_until: "2026-03-10T00:00:00Z" }),
    indicator(2, { valid_until: "2027-01-01T00:00:00Z" }),
    indicator(3), // expires 30 days after modified (2026-03-03)
  ]);
  const run = (now: number, extra: { sweep?: boolean; dryRun?: boolean; metrics?: RunMetrics } = {}) =>
    runJob({ job, baseDir: dir, sources: [source], connectors, store, logger, now: () => now, ...extra });
  return {
    held,
    calls,
    run,
    store,
    loaded: { job, file: join(dir, "job.yaml"), baseDir: dir, connectors },
    logger,
  };
}

describe("expiry sweeps in the runner", () => {
  it("issue 20 #3: a run with nothing new still removes what expired while the feed was silent", async () => {
    const { held, calls, run, store } = await setup();
    const first = await run(T0);
    expect(first).toMatchObject({ iocs: 3, expired: 0, sinks: { kv: { delivered: 3, expired: 0 } } });
    expect(held.size).toBe(3);
    // 10 days later the feed sends nothing; validity (valid_until, and expire_after) has passed for two IOCs.
    const metrics = await RunMetrics.create("j");
    const later = await run(T0 + 10 * DAY, { metrics });
    expect(later).toMatchObject({
      nothing_new: true,
      status: "ok",
      expired: 2,
      sinks: { kv: { expired: 2 } },
    });
    expect([...held.values()].map((record) => record.value)).toEqual(["10.0.0.2"]);
    expect(calls.at(-1)).toEqual({ now: T0 + 10 * DAY, expireAfterMs: 30 * DAY });
    expect((await store.load("j"))?.sinks.kv, "the sweep's state is committed").toEqual({
      swept_at: T0 + 10 * DAY,
    });
    expect(await metrics.registry.getSingleMetricAsString("taxiway_expired_total")).toContain(
      'taxiway_expired_total{sink="kv",job="j"} 2',
    );
  });

  it("no sweep in a dry run or with sweep: false (--watch sweeps on its own schedule)", async () => {
    const { calls, run } = await setup();
    await run(T0, { dryRun: true });
    await run(T0, { sweep: false });
    expect(calls).toEqual([]);
  });

  it("a failed sweep makes the run partial and names the sink and the code", async () => {
    const { run } = await setup({ failSweep: true });
    const summary = await run(T0);
    expect(summary.status).toBe("partial");
    expect(summary.sinks.kv?.sweep_error).toEqual({ code: "BUSY", message: "index busy" });
  });

  it("runLoadedSweep sweeps alone; its dry run counts and names without removing", async () => {
    const { held, run, loaded, logger, store } = await setup();
    await run(T0, { sweep: false });
    const now = () => T0 + 10 * DAY;
    const dry = await runLoadedSweep(loaded, { logger, dryRun: true, now });
    expect(dry).toMatchObject({ status: "ok", dry_run: true, expired: 2, now: "2026-03-11T00:00:00.000Z" });
    expect(dry.sinks.kv?.sample).toHaveLength(2);
    expect(held.size).toBe(3);
    const real = await runLoadedSweep(loaded, { logger, now });
    expect(real).toMatchObject({ dry_run: false, expired: 2, sinks: { kv: { type: "keyed", expired: 2 } } });
    expect(held.size).toBe(1);
    expect((await store.load("j"))?.sinks.kv).toEqual({ swept_at: T0 + 10 * DAY });
    expect(JSON.stringify(real)).not.toContain("swept_at");
  });
});
