import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, FileCheckpointStore } from "@taxiway/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const good = {
  format: 1,
  job: "j",
  revision: 3,
  updated_at: "2026-01-01T00:00:00.000Z",
  collections: { c1: { added_after: "2026-01-01T00:00:00.000Z", boundary_ids: ["indicator--x@1"] } },
  sinks: { "csv-0": { format: 1, files: {} } },
};

async function storeHolding(text: string): Promise<FileCheckpointStore> {
  const path = join(await mkdtemp(join(tmpdir(), "taxiway-shape-")), "j.json");
  await writeFile(path, text);
  return new FileCheckpointStore(path);
}

describe("checkpoint shapes are validated against a schema and refused with the fix (exit 2)", () => {
  const bad: Array<[string, unknown]> = [
    ["JSON null", null],
    ["an array", []],
    ["a string", "checkpoint"],
    ["a string where a cursor object belongs", { ...good, collections: { c1: "2026-01-01T00:00:00.000Z" } }],
    ["a numeric added_after", { ...good, collections: { c1: { added_after: 1767225600000 } } }],
    ["an empty added_after", { ...good, collections: { c1: { added_after: "" } } }],
    ["boundary_ids not a list", { ...good, collections: { c1: { boundary_ids: "indicator--x@1" } } }],
    ["an unknown cursor key", { ...good, collections: { c1: { added_afer: "2026-01-01T00:00:00.000Z" } } }],
    ["no collections", { ...good, collections: undefined }],
    ["a negative revision", { ...good, revision: -1 }],
  ];
  for (const [name, document] of bad)
    it(`refuses ${name}`, async () => {
      const store = await storeHolding(JSON.stringify(document));
      const failure = store.load("j");
      await expect(failure).rejects.toBeInstanceOf(ConfigError);
      await expect(failure).rejects.toMatchObject({
        code: "CHECKPOINT_CORRUPT",
        message: expect.stringMatching(/taxiway state JOB reset/),
      });
    });

  it("accepts what taxiway writes", async () => {
    expect(await (await storeHolding(JSON.stringify(good))).load("j")).toEqual(good);
  });

  it("any JSON value either loads as a well-shaped checkpoint or is refused with a CHECKPOINT_ error, never a raw TypeError", async () => {
    const shaped = fc.record({
      format: fc.oneof(fc.constant(1), fc.jsonValue()),
      job: fc.oneof(fc.constant("j"), fc.jsonValue()),
      revision: fc.oneof(fc.nat(), fc.jsonValue()),
      collections: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue()),
      sinks: fc.oneof(fc.constant({}), fc.jsonValue()),
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), shaped), async (document) => {
        const store = await storeHolding(JSON.stringify(document) ?? "null");
        try {
          const loaded = await store.load("j");
          expect(loaded === undefined || typeof loaded.revision === "number").toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as ConfigError).code).toMatch(/^CHECKPOINT_/);
        }
      }),
      { seed: 18, numRuns: 200 },
    );
  });
});
