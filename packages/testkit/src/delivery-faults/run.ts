import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConnectorDescriptor, type JobConfig, runJob, type Sink } from "@taxiway/core";
import { recordingLogger } from "../conformance/context.js";
import type { DeliveryFault, FaultKind, FaultPoint } from "./fault-plan.js";
import { FaultySink, type IoInjector } from "./faulty-sink.js";
import { faultFeed } from "./feed.js";
import { ObservedCheckpointStore } from "./memory-store.js";

export interface DeliveryFaultEnv {
  baseDir: string;
}

export interface DeliveryFaultOptions<Config> {
  descriptor: ConnectorDescriptor<Config>;
  config: (env: DeliveryFaultEnv) => Config | Promise<Config>;
  /** The IOC keys the destination durably holds now, one entry per stored copy (a duplicate appears twice). */
  readBack: (env: DeliveryFaultEnv, config: Config) => Promise<string[]>;
  /** Empty the destination before each case. */
  reset?: (env: DeliveryFaultEnv) => Promise<void>;
  /**
   * `exactly-once`: after the final clean run every IOC is held exactly once (idempotent or truncating sinks).
   * `at-least-once`: every IOC is held, a page re-sent after a failed run may be held twice (Splunk HEC).
   */
  semantics: "exactly-once" | "at-least-once";
  /** Faults inside the sink's own I/O (file sinks: `FileFaults`); without it the wrapper fails the calls itself. */
  io?: { inject: IoInjector; disarm(): void };
  /** Feed shape (defaults: 3 pages of 40 indicators, batches of 8, 64-byte descriptions). */
  feed?: { pages?: number; pageSize?: number; batchSize?: number; descriptionBytes?: number };
  /** fast-check runs of the property (default 20) and its seed (default 18). */
  numRuns?: number;
  seed?: number;
}

const POINTS: FaultPoint[] = ["first", "middle", "last", "flush"];
const KINDS: FaultKind[] = ["ENOSPC", "EIO", "timeout", "partial"];

/**
 * Generates the delivery fault-injection cases for a connector inside the caller's vitest file: every fault kind
 * at every point of a page (named cases), then a fast-check property over sequences of faulty runs. Each case runs
 * the real pipeline (`runJob`) over a synthetic feed with a checkpoint store that, at every commit, checks the
 * destination already holds every IOC of every page up to the committed cursor; after the faulty runs one clean
 * run must succeed, and the destination must hold every IOC (exactly once, for `exactly-once` sinks).
 */
export async function describeDeliveryFaults<Config>(options: DeliveryFaultOptions<Config>): Promise<void> {
  const { describe, expect, it, afterAll } = await import("vitest");
  const fc = await import("fast-check");
  const { descriptor } = options;
  const shape = {
    pages: options.feed?.pages ?? 3,
    pageSize: options.feed?.pageSize ?? 40,
    batchSize: options.feed?.batchSize ?? 8,
    descriptionBytes: options.feed?.descriptionBytes ?? 64,
  };
  const jobName = "delivery-faults";
  const feed = faultFeed(jobName, shape.pages, shape.pageSize, shape.descriptionBytes);
  const callsPerPage = Math.ceil(shape.pageSize / shape.batchSize);
  const dirs: string[] = [];

  /**
   * Runs the faulty runs then a clean one; returns the violations found (empty when the guarantees hold). With
   * `commitEvery` > 1 the job group-commits (`delivery.commit_every.pages`): the sink is flushed once per group, so
   * the fault plan's "page" is a group of that many pages.
   */
  async function scenario(runs: DeliveryFault[][], commitEvery = 1): Promise<string[]> {
    const env: DeliveryFaultEnv = {
      baseDir: await mkdtemp(join(tmpdir(), `taxiway-faults-${descriptor.type}-`)),
    };
    dirs.push(env.baseDir);
    await options.reset?.(env);
    const config = await options.config(env);
    const violations: string[] = [];
    const store = new ObservedCheckpointStore(async (next) => {
      const upTo = feed.pageOf(next.collections[feed.source.collection]);
      const held = new Set(await options.readBack(env, config));
      const missing = feed.keys
        .slice(0, upTo + 1)
        .flat()
        .filter((key) => !held.has(key));
      if (missing.length > 0)
        violations.push(
          `checkpoint moved to page ${upTo} while ${missing.length} IOC(s) of it were not durable`,
        );
    });
    const job = {
      name: jobName,
      source: { type: "taxii", url: "http://127.0.0.1/taxii2/", collection: feed.source.collection },
      delivery: {
        prefetch: 1,
        batch_size: shape.batchSize,
        retries: 2,
        ...(commitEvery > 1 ? { commit_every: { pages: commitEvery } } : {}),
      },
      sinks: [{ type: descriptor.type, ...(config as object) }],
    } as unknown as JobConfig;
    const run = async (faults: DeliveryFault[]) => {
      const wrapped: ConnectorDescriptor<Config> = {
        ...descriptor,
        create: (config, context): Sink =>
          new FaultySink(
            descriptor.create(config, context),
            [...faults],
            () => callsPerPage * commitEvery,
            options.io?.inject,
          ),
      };
      try {
        await runJob({
          job,
          baseDir: env.baseDir,
          sources: [feed.source],
          connectors: new Map([[descriptor.type, wrapped as ConnectorDescriptor]]),
          store,
          logger: recordingLogger(),
          backoffBaseMs: 1,
        });
        return true;
      } catch {
        return false;
      } finally {
        options.io?.disarm();
      }
    };
    for (const faults of runs) await run(faults);
    if (!(await run([]))) violations.push("the clean run after the faults failed");
    const held = await options.readBack(env, config);
    const counts = new Map<string, number>();
    for (const key of held) counts.set(key, (counts.get(key) ?? 0) + 1);
    const expected = feed.keys.flat();
    const missing = expected.filter((key) => !counts.has(key));
    if (missing.length > 0) violations.push(`${missing.length} IOC(s) missing after the clean run`);
    const known = new Set(expected);
    const strangers = [...counts.keys()].filter((key) => !known.has(key));
    if (strangers.length > 0) violations.push(`${strangers.length} unknown key(s) held`);
    if (options.semantics === "exactly-once") {
      const repeated = [...counts.values()].filter((n) => n > 1).length;
      if (repeated > 0) violations.push(`${repeated} IOC(s) held more than once`);
    }
    return violations;
  }

  describe(`delivery under faults: ${descriptor.type}`, () => {
    afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

    for (const kind of KINDS)
      for (const point of POINTS)
        it(`${kind} at the ${point === "flush" ? "flush" : `${point} write`} of a page, then a retry: nothing lost, nothing repeated, the checkpoint only passes durable IOCs`, async () => {
          const page = Math.min(1, shape.pages - 1);
          expect(await scenario([[{ page, point, kind }]])).toEqual([]);
        }, 60_000);

    it("any sequence of faulty runs, then a clean run: every IOC held (exactly once where promised), checkpoint never ahead of durable data", async () => {
      const fault = fc.record({
        page: fc.nat({ max: shape.pages - 1 }),
        point: fc.constantFrom(...POINTS),
        kind: fc.constantFrom(...KINDS),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(fault, { maxLength: 4 }), { minLength: 1, maxLength: 3 }),
          async (runs) => {
            const violations = await scenario(runs);
            expect(violations, JSON.stringify(runs)).toEqual([]);
          },
        ),
        { seed: options.seed ?? 18, numRuns: options.numRuns ?? 20 },
      );
    }, 600_000);

    it("the same with group commit (delivery.commit_every: 2 pages): a fault re-delivers at most the uncommitted pages, nothing lost, the checkpoint never ahead of durable data", async () => {
      const fault = fc.record({
        page: fc.nat({ max: Math.max(0, Math.ceil(shape.pages / 2) - 1) }),
        point: fc.constantFrom(...POINTS),
        kind: fc.constantFrom(...KINDS),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(fault, { maxLength: 4 }), { minLength: 1, maxLength: 3 }),
          async (runs) => {
            const violations = await scenario(runs, 2);
            expect(violations, JSON.stringify(runs)).toEqual([]);
          },
        ),
        { seed: options.seed ?? 18, numRuns: Math.max(5, Math.ceil((options.numRuns ?? 20) / 2)) },
      );
    }, 600_000);
  });
}
