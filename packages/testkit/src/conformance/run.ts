import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { type IocRecord, type Sink, type SinkContext, TaxiwayError, type WriteResult } from "@taxiway/core";
import { configAjv } from "@taxiway/core/schema-compiler";
import { recordingLogger, testSinkContext } from "./context.js";
import { FaultProxy } from "./fault-proxy.js";
import type { ConformanceEnv, HeldRecord, SinkConformanceOptions } from "./options.js";
import { sampleRecord, sampleRecords } from "./records.js";
import { schemasAt, valueAt } from "./secret-paths.js";

function forceGc(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

function statuses(result: WriteResult): string[] {
  return result.outcomes.map((o) => o.status);
}

function keysOf(held: HeldRecord[]): string[] {
  return held.map((h) => h.key);
}

/**
 * Generates the named conformance cases for a connector, inside the caller's vitest file:
 *
 * ```ts
 * await runSinkConformance({ descriptor: connector, config: (env) => ({ url: env.proxyUrl }), badConfig, readBack, semantics: "keyed", http: { upstream, maxInFlight: 4 } });
 * ```
 */
export async function runSinkConformance<Config>(options: SinkConformanceOptions<Config>): Promise<void> {
  // Loaded here, not at the top, so importing @taxiway/testkit (the CLI's demo does) never needs vitest.
  const { afterAll, beforeAll, describe, expect, it } = await import("vitest");
  const { descriptor } = options;
  let proxy: FaultProxy | undefined;
  const dirs: string[] = [];

  async function environment(): Promise<ConformanceEnv> {
    const baseDir = await mkdtemp(join(tmpdir(), `taxiway-conformance-${descriptor.type}-`));
    dirs.push(baseDir);
    proxy?.clear();
    proxy?.resetStats();
    const env: ConformanceEnv = { baseDir, proxyUrl: proxy?.url, proxy };
    await options.reset?.(env);
    return env;
  }

  async function makeSink(
    env: ConformanceEnv,
    extra: Partial<SinkContext> = {},
    config?: Config,
  ): Promise<{ sink: Sink; config: Config }> {
    const resolved = config ?? (await options.config(env));
    return {
      sink: descriptor.create(
        resolved,
        testSinkContext({ baseDir: env.baseDir, job: "conformance", ...extra }),
      ),
      config: resolved,
    };
  }

  /** A whole run: open, write pages, flush after each, close; returns the last flushed state. */
  async function runPages(env: ConformanceEnv, pages: IocRecord[][], state?: unknown): Promise<unknown> {
    const { sink } = await makeSink(env, { state });
    await sink.open();
    let next: unknown = state;
    for (const page of pages) {
      const result = await sink.write(page);
      expect(
        statuses(result).every((s) => s === "delivered"),
        "every record delivered",
      ).toBe(true);
      next = await sink.flush();
    }
    await sink.close();
    return next;
  }

  const fault = (status: number) => ({
    status,
    body: options.http?.faultBody?.(status) ?? { error: `injected ${status}` },
  });

  // Fault-injection cases need the HTTP proxy; sinks without one (files) do not get them at all
  // rather than a skipped case that would read as "not yet passing".
  const itForHttpSinks = (name: string, body: () => Promise<void>) => {
    if (options.http) it(name, body);
  };

  describe(`sink conformance: ${descriptor.type}`, () => {
    beforeAll(async () => {
      if (options.http) {
        const upstream =
          typeof options.http.upstream === "function" ? options.http.upstream() : options.http.upstream;
        proxy = await FaultProxy.start(upstream);
      }
    });
    afterAll(async () => {
      await proxy?.close();
      await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    });

    it("config schema compiles and rejects unknown keys", async () => {
      const validate = configAjv().compile(descriptor.configSchema);
      const good = await options.config(await environment());
      expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
      expect(validate({ ...(good as object), no_such_key_in_any_connector: 1 })).toBe(false);
      expect(validate.errors?.some((e) => e.keyword === "additionalProperties")).toBe(true);
    });

    it("secrets are marked x-secret in the schema", () => {
      for (const path of options.secrets ?? []) {
        const found = schemasAt(descriptor.configSchema as Record<string, unknown>, path);
        expect(found.length, `schema property "${path}"`).toBeGreaterThan(0);
        for (const schema of found)
          expect(schema["x-secret"], `"${path}" carries "x-secret": true`).toBe(true);
      }
    });

    it("check() reports bad credentials or an unusable destination as a non-retryable problem, without leaking secrets", async () => {
      const env = await environment();
      const bad = await options.badConfig(env);
      const lines = recordingLogger();
      const sink = descriptor.create(bad, testSinkContext({ baseDir: env.baseDir, logger: lines }));
      let message: string;
      try {
        const result = await sink.check();
        expect(result.ok).toBe(false);
        message = `${result.message} ${JSON.stringify(result.details ?? {})}`;
      } catch (error) {
        expect(error).toBeInstanceOf(TaxiwayError);
        expect((error as TaxiwayError).retryable).toBe(false);
        message = (error as Error).message;
      }
      const secretValues = (options.secrets ?? [])
        .map((path) => valueAt(bad, path))
        .filter((v): v is string => typeof v === "string" && v.length >= 4);
      const logged = JSON.stringify(lines.lines);
      for (const secret of secretValues) {
        expect(message).not.toContain(secret);
        expect(logged).not.toContain(secret);
      }
    });

    it("open and close are idempotent, and close flushes", async () => {
      const env = await environment();
      const { sink, config } = await makeSink(env);
      await sink.open();
      await sink.open();
      const records = sampleRecords(25);
      expect(statuses(await sink.write(records)).every((s) => s === "delivered")).toBe(true);
      await sink.close();
      await sink.close();
      expect(keysOf(await options.readBack(env, config)).sort()).toEqual(records.map((r) => r.key).sort());
    });

    it("a batch arrives complete", async () => {
      const env = await environment();
      const records = sampleRecords(1500);
      await runPages(env, [records]);
      const held = await options.readBack(env, await options.config(env));
      expect(held).toHaveLength(records.length);
      expect(new Set(keysOf(held))).toEqual(new Set(records.map((r) => r.key)));
    });

    it("re-sending a batch after a crash before commit creates no duplicates", async () => {
      const env = await environment();
      const first = sampleRecords(40);
      const second = sampleRecords(40, 40);
      const committed = await runPages(env, [first]);
      // The crashed run wrote and flushed `second`, but its checkpoint was never committed…
      await runPages(env, [second], committed);
      // …so the restart gets the older state and the runner re-sends the same page.
      await runPages(env, [second], committed);
      const held = keysOf(await options.readBack(env, await options.config(env)));
      expect(new Set(held).size).toBe(80);
      // An append-only destination without idempotent writes (HEC) may hold the re-sent page twice, never more.
      if (options.semantics === "at-least-once") expect(held.length).toBeLessThanOrEqual(120);
      else expect(held).toHaveLength(80);
    });

    it(`newer versions win over older ones (${options.semantics === "keyed" ? "keyed: newest modified held" : "log: every version kept once, in order"})`, async () => {
      const env = await environment();
      const newer = sampleRecord(1, { modified: "2026-06-01T00:00:00.000Z" });
      const older = { ...newer, modified: "2026-01-01T00:00:00.000Z" };
      let state = await runPages(env, [[newer]]);
      state = await runPages(env, [[older]], state);
      const held = await options.readBack(env, await options.config(env));
      if (options.semantics === "keyed") {
        expect(held).toHaveLength(1);
        expect(held[0]?.modified).toBe(newer.modified);
      } else {
        expect(held.map((h) => h.modified)).toEqual([newer.modified, older.modified]);
      }
    });

    it("sweep: a sink that declares it removes (or flags) what expired while the feed was silent, and only that; one that does not implements none", async () => {
      const env = await environment();
      const { sink, config } = await makeSink(env);
      const declared = descriptor.sweep?.(config) ?? false;
      expect(typeof sink.sweep, "ConnectorDescriptor.sweep and Sink.sweep agree").toBe(
        declared ? "function" : "undefined",
      );
      if (!declared) return;
      // Valid when written (whatever the machine's clock says), expired at the sweep's injected `now`.
      const expiring = [1, 2].map((n) => sampleRecord(n, { valid_until: "2998-06-01T00:00:00.000Z" }));
      const valid = sampleRecord(3, { valid_until: "2999-06-01T00:00:00.000Z" });
      const aged = sampleRecord(4, { modified: "2026-01-01T00:00:00.000Z" });
      const state = await runPages(env, [[...expiring, valid, aged]]);
      const before = (await options.readBack(env, config)).map((h) => h.key);
      const now = Date.parse("2999-01-01T00:00:00.000Z");
      const sweeping = descriptor.create(
        config,
        testSinkContext({ baseDir: env.baseDir, job: "conformance", state }),
      );
      await sweeping.open();
      const dry = await sweeping.sweep?.({ now, dryRun: true });
      expect(dry?.expired, "dry run counts the expired IOCs").toBe(2);
      expect((await options.readBack(env, config)).length, "a dry run changes nothing").toBe(4);
      const swept = await sweeping.sweep?.({ now });
      expect(swept?.expired).toBe(2);
      expect(new Set(swept?.sample)).toEqual(new Set(expiring.map((r) => r.key)));
      expect((await sweeping.sweep?.({ now }))?.expired, "a second sweep finds nothing").toBe(0);
      // expire_after (30 days) ages the record without an expiry too.
      expect((await sweeping.sweep?.({ now, expireAfterMs: 30 * 86_400_000 }))?.expired).toBe(1);
      await sweeping.close();
      const held = await options.readBack(env, config);
      if (options.semantics === "keyed") {
        const live = held.filter((h) => h.revoked !== true).map((h) => h.key);
        expect(live, "only the still-valid IOC is held unflagged").toEqual([valid.key]);
      } else {
        // A log keeps its history: each expired IOC gets exactly one more (delete) row, after what was there.
        expect(held.slice(0, before.length).map((h) => h.key)).toEqual(before);
        expect(
          held
            .slice(before.length)
            .map((h) => h.key)
            .sort(),
          "one delete row per expired IOC",
        ).toEqual([...expiring.map((r) => r.key), aged.key].sort());
      }
    });

    for (const status of [429, 503]) {
      itForHttpSinks(`an injected ${status} is reported as transient (HTTP sinks)`, async () => {
        const env = await environment();
        const { sink } = await makeSink(env);
        await sink.open();
        env.proxy?.inject(fault(status));
        const result = await sink.write(sampleRecords(10)).catch((error: unknown) => error);
        env.proxy?.clear();
        if (result instanceof Error) {
          expect((result as TaxiwayError).retryable, `thrown ${status} is retryable`).toBe(true);
        } else {
          expect(statuses(result as WriteResult)).toEqual(new Array(10).fill("transient"));
        }
        await sink.close();
      });
    }

    itForHttpSinks("an injected 400 is reported as permanent (HTTP sinks)", async () => {
      const env = await environment();
      const { sink } = await makeSink(env);
      await sink.open();
      env.proxy?.inject(fault(400));
      const result = await sink.write(sampleRecords(10)).catch((error: unknown) => error);
      env.proxy?.clear();
      if (result instanceof Error) {
        expect((result as TaxiwayError).retryable).toBe(false);
      } else {
        expect(statuses(result as WriteResult)).toEqual(new Array(10).fill("permanent"));
      }
      await sink.close();
    });

    itForHttpSinks("partial failures are reported per record (HTTP sinks)", async () => {
      const env = await environment();
      const { sink } = await makeSink(env);
      await sink.open();
      const records = sampleRecords(10);
      if (options.http?.injectPartialFailure && env.proxy) {
        options.http.injectPartialFailure(env.proxy);
        const result = await sink.write(records);
        env.proxy.clear();
        expect(result.outcomes).toHaveLength(10);
        const seen = new Set(statuses(result));
        expect(seen.has("delivered"), "some records delivered").toBe(true);
        expect(seen.has("transient") || seen.has("permanent"), "some records failed").toBe(true);
      } else {
        env.proxy?.inject({ ...fault(503), times: 1 });
        const result = await sink.write(records).catch((error: unknown) => error);
        env.proxy?.clear();
        if (!(result instanceof Error)) expect((result as WriteResult).outcomes).toHaveLength(10);
      }
      await sink.close();
    });

    itForHttpSinks("in-flight requests never exceed the declared limit (HTTP sinks)", async () => {
      const env = await environment();
      const { sink } = await makeSink(env);
      await sink.open();
      env.proxy?.resetStats();
      env.proxy?.delay(30);
      const writes = [sink.write(sampleRecords(3000)), sink.write(sampleRecords(3000, 3000))];
      await Promise.all(writes);
      env.proxy?.clear();
      await sink.close();
      expect(env.proxy?.requests ?? 0).toBeGreaterThan(0);
      expect(env.proxy?.maxInFlight ?? 0).toBeLessThanOrEqual(options.http?.maxInFlight ?? 0);
    });

    it("an abort is honored promptly", async () => {
      const env = await environment();
      const controller = new AbortController();
      const { sink } = await makeSink(env, { signal: controller.signal });
      await sink.open();
      env.proxy?.delay(30_000);
      const started = Date.now();
      const pending = sink.write(sampleRecords(50)).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      setTimeout(() => controller.abort(), options.http ? 100 : 0);
      const settled = await pending;
      const elapsed = Date.now() - started;
      env.proxy?.clear();
      expect(elapsed).toBeLessThan(options.abortWithinMs ?? 2000);
      if ("result" in settled) {
        // Finished before the abort landed (a fast local sink) or reported the records as not delivered.
        expect(settled.result.outcomes).toHaveLength(50);
      } else {
        expect(settled.error).toBeInstanceOf(TaxiwayError);
      }
      await sink.close().catch(() => undefined);
      // After an abort the sink must refuse new work rather than write behind the runner's back.
      const late = await sink.write(sampleRecords(1)).then(
        (r) => r.outcomes[0]?.status,
        () => "rejected",
      );
      expect(["rejected", "transient"]).toContain(late);
    });

    it(`memory stays flat over ${options.memory?.records ?? 100_000} records`, async () => {
      const env = await environment();
      const total = options.memory?.records ?? 100_000;
      const batchSize = options.memory?.batchSize ?? 1000;
      const gc = forceGc();
      const { sink } = await makeSink(env);
      await sink.open();
      let baseline = 0;
      for (let start = 0; start < total; start += batchSize) {
        await sink.write(sampleRecords(Math.min(batchSize, total - start), start));
        await sink.flush();
        if (start === batchSize * 10) {
          gc();
          baseline = process.memoryUsage().heapUsed;
        }
      }
      gc();
      const growthMb = (process.memoryUsage().heapUsed - baseline) / 2 ** 20;
      await sink.close();
      expect(growthMb, `heap grew ${growthMb.toFixed(1)} MiB`).toBeLessThan(
        options.memory?.maxGrowthMb ?? 48,
      );
    }, 120_000);
  });
}
