import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CollectionCursor,
  createLogger,
  DeadLetterFile,
  decodeObjects,
  defineConnector,
  extractFromObject,
  FileCheckpointStore,
  type IocRecord,
  normalizeEnvelope,
  type Page,
  parseJsonSafely,
  runJob,
  type StixObject,
} from "@taxiway/core";
import { describe, expect, it } from "vitest";

const DEPTH = 1_000_000;
const deepArray = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
const nestedBundles = (depth: number, inner: string) =>
  `${'{"type":"bundle","id":"bundle--1","objects":['.repeat(depth)}${inner}${"]}".repeat(depth)}`;

const indicatorJson = (n: number, extra = "") =>
  `{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-${String(n).padStart(12, "0")}","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","valid_from":"2026-01-01T00:00:00.000Z","pattern_type":"stix","pattern":"[ipv4-addr:value = '10.0.0.${n}']"${extra}}`;

describe("no recursion over untrusted data: 1,000,000-deep JSON through every parser and serialiser path", () => {
  it("parseJsonSafely reads 1,000,000-deep arrays and objects, with and without prototype keys", () => {
    expect(Array.isArray(parseJsonSafely(deepArray(DEPTH)))).toBe(true);
    expect(typeof parseJsonSafely(deepObject(DEPTH))).toBe("object");
    const poisoned = parseJsonSafely(`{"__proto__":{"polluted":1},"deep":${deepArray(DEPTH)}}`) as object;
    expect(Object.hasOwn(poisoned, "__proto__")).toBe(false);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
    const escaped = parseJsonSafely(
      `{"\\u005f_proto__":{"polluted":1},"deep":${deepObject(DEPTH)}}`,
    ) as object;
    expect(Object.hasOwn(escaped, "__proto__")).toBe(false);
  });

  it("normalizeEnvelope flattens 1,000,000 nested bundles in order", () => {
    const body = parseJsonSafely(
      `{"objects":[${nestedBundles(DEPTH, `${indicatorJson(1)},${indicatorJson(2)}`)}]}`,
    );
    const { objects, malformed } = normalizeEnvelope(body);
    expect(malformed).toBeUndefined();
    expect(objects.map((o) => o.id.slice(-1))).toEqual(["1", "2"]);
  });

  it("a malformed envelope (objects not an array) says so instead of reading as an empty feed", () => {
    expect(normalizeEnvelope({ objects: "nope" }).malformed).toBe('"objects" is string, not an array');
    expect(normalizeEnvelope("<html>").malformed).toBe("the answer is string, not a TAXII envelope");
    expect(normalizeEnvelope({}).malformed).toBeUndefined();
  });

  it("decode and extract take null items and 1,000,000-deep items and properties without overflowing", () => {
    const page = parseJsonSafely(
      `[null, ${deepArray(DEPTH)}, ${indicatorJson(3, `,"x_deep":${deepObject(DEPTH)},"external_references":[{"source_name":"a","x":${deepArray(DEPTH)}}],"kill_chain_phases":[{"kill_chain_name":"k","phase_name":"p","x":${deepArray(DEPTH)}}]`)}]`,
    ) as unknown[];
    const { valid, invalid } = decodeObjects(page);
    expect(invalid.map((i) => i.code)).toEqual(["NOT_AN_OBJECT", "NOT_AN_OBJECT"]);
    const { records } = extractFromObject(valid[0] as StixObject, {
      feed: "f",
      collection: "c",
      markings: new Map(),
    });
    expect(records.map((r) => r.value)).toEqual(["10.0.0.3"]);
    // What every sink serialises: the record carries no nesting from the feed.
    expect(() => JSON.stringify(records)).not.toThrow();
    expect(records[0]?.external_references).toEqual([{ source_name: "a" }]);
    expect(records[0]?.kill_chain_phases).toEqual([{ kill_chain_name: "k", phase_name: "p" }]);
  });

  it("the dead-letter file keeps a bounded excerpt of a 1,000,000-deep item (truncated: true)", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "taxiway-deep-")), "dead.ndjson");
    const file = new DeadLetterFile(path, "j");
    file.add({
      stage: "decode",
      code: "NOT_AN_OBJECT",
      message: "m",
      collection: "c",
      item: JSON.parse(deepArray(DEPTH)),
    });
    file.add({
      stage: "extract",
      code: "PATTERN_SYNTAX",
      message: "m",
      collection: "c",
      item: { big: "x".repeat(1_000_000) },
    });
    await file.close();
    const lines = (await readFile(path, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.truncated)).toEqual([true, true]);
    expect(lines[1].item.chars).toBeGreaterThan(1_000_000);
    expect(lines.every((l) => JSON.stringify(l).length < 100_000)).toBe(true);
  });

  it("a page with a null item, a 100,000-deep item, nested bundles and a deep property on a dead-lettered object is delivered and committed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-deep-run-"));
    const text = `{"objects":[null, ${deepArray(100_000)}, ${nestedBundles(100_000, indicatorJson(4))}, ${indicatorJson(5, `,"pattern":"[not a pattern","x_deep":${deepObject(100_000)}`)}, ${indicatorJson(6)}]}`;
    const objects = normalizeEnvelope(parseJsonSafely(text)).objects;
    const held: IocRecord[] = [];
    const source = {
      collection: "c",
      async *pages(_start: CollectionCursor): AsyncIterable<Page> {
        yield {
          collection: "c",
          objects,
          cursor: { added_after: "1" },
          sequence: 1,
          more: false,
          bytes: text.length,
        };
      },
    };
    const memory = defineConnector({
      type: "memory",
      version: "1.0.0",
      coreVersion: "^0.1.0",
      configSchema: { type: "object" },
      create: () => ({
        type: "memory",
        check: async () => ({ ok: true, message: "" }),
        open: async () => {},
        write: async (records: readonly IocRecord[]) => {
          held.push(...records);
          return { outcomes: records.map(() => ({ status: "delivered" as const })) };
        },
        flush: async () => undefined,
        close: async () => {},
      }),
    });
    const store = new FileCheckpointStore(join(dir, "state.json"));
    const summary = await runJob({
      job: {
        name: "j",
        source: { type: "taxii", url: "http://unused/", collection: "c" },
        sinks: [{ type: "memory" }],
        dead_letter: { path: join(dir, "dead.ndjson") },
      },
      baseDir: dir,
      sources: [source],
      connectors: new Map([["memory", memory as never]]),
      store,
      logger: createLogger({ level: "silent", destination: { write: () => {} } }),
    });
    expect(summary.status).toBe("ok");
    expect(held.map((r) => r.value).sort()).toEqual(["10.0.0.4", "10.0.0.6"]);
    expect((await store.load("j"))?.collections.c).toEqual({ added_after: "1" });
    const dead = (await readFile(join(dir, "dead.ndjson"), "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(dead.map((d) => d.code)).toEqual(["NOT_AN_OBJECT", "NOT_AN_OBJECT", "PATTERN_SYNTAX"]);
    expect(dead[2].truncated).toBe(true);
  }, 60_000);
});
