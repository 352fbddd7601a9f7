import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IocRecord } from "@taxiway/core";
import { sampleRecord, sampleRecords, testSinkContext } from "@taxiway/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveConfig } from "../src/config.js";
import { type CsvConfig, CsvSnapshotSink, connector } from "../src/index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "taxiway-csv-snapshot-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const config: CsvConfig = { path: "blocklist.csv", mode: "snapshot", columns: ["value"], line_ending: "lf" };

async function run(records: IocRecord[], now = "2026-05-01T00:00:00Z"): Promise<string[]> {
  const sink = new CsvSnapshotSink(
    resolveConfig(config),
    testSinkContext({ baseDir: dir }),
    () => new Date(now),
  );
  await sink.open();
  await sink.write(records);
  await sink.close();
  return (await readFile(join(dir, "blocklist.csv"), "utf8")).split("\n").filter(Boolean);
}

describe("csv sink, snapshot mode", () => {
  it("holds only currently valid IOCs across runs: revoked, deleted and expired ones drop out", async () => {
    expect(await run(sampleRecords(4))).toEqual([
      "value",
      "198.51.0.0",
      "198.51.0.1",
      "198.51.0.2",
      "198.51.0.3",
    ]);
    const later = "2026-02-01T00:00:00.000Z";
    const rows = await run([
      sampleRecord(0, { revoked: true, action: "delete", modified: later }),
      sampleRecord(1, { action: "delete", modified: later }),
      sampleRecord(2, { valid_until: "2026-04-01T00:00:00.000Z", modified: later }),
      sampleRecord(9),
    ]);
    expect(rows).toEqual(["value", "198.51.0.3", "198.51.0.9"]);
  });

  it("keeps the newer version when an older one arrives later, and a re-sent page changes nothing", async () => {
    const newer = sampleRecord(1, { modified: "2026-03-01T00:00:00.000Z", value: "203.0.113.7" });
    await run([newer]);
    const older = sampleRecord(1, { modified: "2026-01-01T00:00:00.000Z", value: "203.0.113.1" });
    expect(await run([older])).toEqual(["value", "203.0.113.7"]);
    expect(await run([newer])).toEqual(["value", "203.0.113.7"]);
  });

  it("issue 20 #3: a sweep drops rows that expired while the feed was silent, without a write (clock injected)", async () => {
    await run([
      sampleRecord(1, { valid_until: "2026-06-01T00:00:00Z" }),
      sampleRecord(2, { valid_until: "2027-06-01T00:00:00Z" }),
      sampleRecord(3, { modified: "2026-01-01T00:00:00Z" }),
      sampleRecord(4, { modified: "2026-04-30T00:00:00Z" }),
    ]);
    const sink = new CsvSnapshotSink(resolveConfig(config), testSinkContext({ baseDir: dir }));
    await sink.open();
    const now = Date.parse("2026-07-01T00:00:00Z");
    const expireAfterMs = 90 * 86_400_000;
    const dry = await sink.sweep({ now, expireAfterMs, dryRun: true });
    expect(dry.expired).toBe(2);
    const read = async () => (await readFile(join(dir, "blocklist.csv"), "utf8")).split("\n").filter(Boolean);
    expect(await read()).toHaveLength(5);
    const swept = await sink.sweep({ now, expireAfterMs });
    expect(swept).toEqual({ expired: 2, sample: [sampleRecord(1).key, sampleRecord(3).key] });
    expect(await read()).toEqual(["value", "198.51.0.2", "198.51.0.4"]);
    expect((await sink.sweep({ now, expireAfterMs })).expired).toBe(0);
    await sink.close();
  });

  it("orders versions exactly: …00Z before …00.5Z, and a delete of the same modified wins over its upsert", async () => {
    const whole = sampleRecord(1, { modified: "2026-03-01T00:00:00Z", value: "203.0.113.1" });
    const half = sampleRecord(1, { modified: "2026-03-01T00:00:00.5Z", value: "203.0.113.2" });
    expect(await run([half, whole])).toEqual(["value", "203.0.113.2"]);
    const other = sampleRecord(2, { modified: "2026-03-01T00:00:00Z" });
    expect(await run([{ ...other, action: "delete" }, other])).toEqual(["value", "203.0.113.2"]);
  });

  it("swaps files in by rename and leaves no temp files", async () => {
    await run(sampleRecords(3));
    expect((await readdir(dir)).sort()).toEqual([".blocklist.csv.taxiway-store.ndjson", "blocklist.csv"]);
  });

  it("a page acknowledged by flush survives a crash before the snapshot was rewritten", async () => {
    const crashed = new CsvSnapshotSink(resolveConfig(config), testSinkContext({ baseDir: dir }));
    await crashed.open();
    await crashed.write(sampleRecords(3));
    await crashed.flush(); // durable in the journal; the process dies before close()
    const rows = await run([sampleRecord(5)]);
    expect(rows).toEqual(["value", "198.51.0.0", "198.51.0.1", "198.51.0.2", "198.51.0.5"]);
    expect((await readdir(dir)).some((f) => f.includes("journal"))).toBe(false);
  });

  it("refuses rotate with snapshot", () => {
    expect(() => connector.create({ ...config, rotate: { max_bytes: 4096 } }, testSinkContext())).toThrow(
      /append mode only/,
    );
  });
});
