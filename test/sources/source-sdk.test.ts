import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  bundledSource,
  type CollectionCursor,
  FileCheckpointStore,
  loadJobFile,
  type Page,
  runJob,
  taxiiSource,
} from "@taxiway/core";
import { afterAll, describe, expect, it } from "vitest";
import { memoryLogger } from "../support/logger.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
async function workDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "taxiway-source-sdk-"));
  dirs.push(dir);
  return dir;
}
const { logger } = memoryLogger("silent");

// A checkpoint exactly as the runner wrote it before sources were plugins (format 1, TAXII cursors by collection).
const MAIN_CHECKPOINT = {
  format: 1,
  job: "partner-intel",
  revision: 7,
  updated_at: "2026-11-30T10:00:00.000Z",
  collections: {
    iocs: {
      added_after: "2026-11-30T09:59:58.123456Z",
      boundary_ids: ["indicator--00000000-0000-4000-8000-000000000001@2026-01-01T00:00:00.000Z"],
      boundary_complete: false,
      strategy: "manifest",
      seen_generation: 3,
    },
  },
  sinks: { "csv-0": { files: {} } },
};

describe("source SDK", () => {
  it("a TAXII checkpoint written before sources were plugins loads and resumes with the same cursor", async () => {
    const dir = await workDir();
    const path = join(dir, "partner-intel.json");
    await writeFile(path, JSON.stringify(MAIN_CHECKPOINT));
    const store = new FileCheckpointStore(path);
    const loaded = await store.load("partner-intel");
    expect(loaded?.collections).toEqual(MAIN_CHECKPOINT.collections);
    const starts: CollectionCursor[] = [];
    await runJob({
      job: {
        name: "partner-intel",
        source: { type: "taxii", url: "http://127.0.0.1/taxii2/", collection: "iocs" },
        sinks: [],
      },
      baseDir: dir,
      sources: [
        {
          collection: "iocs",
          // biome-ignore lint/correctness/useYield: records the start cursor, delivers nothing
          async *pages(start: CollectionCursor): AsyncIterable<Page> {
            starts.push(start);
          },
        },
      ],
      connectors: new Map(),
      store,
      logger,
      sweep: false,
    });
    expect(starts).toEqual([MAIN_CHECKPOINT.collections.iocs]);
    expect((await store.load("partner-intel"))?.collections).toEqual(MAIN_CHECKPOINT.collections);
  });

  it("source.type names a bundled source, and taxii is one of them", () => {
    expect(bundledSource("taxii")).toBe(taxiiSource);
    expect(bundledSource("stix-bundle")?.type).toBe("stix-bundle");
  });

  it("source.type may name a module by path; an unknown type is a problem at source.type", async () => {
    const dir = await workDir();
    await writeFile(
      join(dir, "my-source.mjs"),
      `export const source = { type: "my-source", version: "1.0.0", coreVersion: "^0.1.0",
         configSchema: { type: "object", additionalProperties: false, required: ["items"], properties: { items: { type: "integer" } } },
         async open() { return { sources: [], close: async () => {} }; } };`,
    );
    const job = (type: string, extra: string) =>
      `name: custom\nsource:\n  type: ${type}\n${extra}sinks:\n  - type: ./sink.mjs\n`;
    await writeFile(
      join(dir, "sink.mjs"),
      `export const connector = { type: "mem", version: "1.0.0", coreVersion: "^0.1.0", configSchema: { type: "object", properties: {} }, create() { throw new Error("unused"); } };`,
    );
    await writeFile(join(dir, "ok.yaml"), job("./my-source.mjs", "  items: 3\n"));
    const loaded = await loadJobFile(join(dir, "ok.yaml"));
    expect(loaded.source?.type).toBe("./my-source.mjs");
    await writeFile(join(dir, "bad.yaml"), job("./my-source.mjs", "  items: many\n"));
    await expect(loadJobFile(join(dir, "bad.yaml"))).rejects.toMatchObject({
      problems: [expect.objectContaining({ path: "source.items" })],
    });
    await writeFile(join(dir, "unknown.yaml"), job("no-such-source", ""));
    await expect(loadJobFile(join(dir, "unknown.yaml"))).rejects.toMatchObject({
      problems: [
        expect.objectContaining({ path: "source.type", message: expect.stringContaining("no source") }),
      ],
    });
  });
});
