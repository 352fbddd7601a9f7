import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { IocRecord, SinkContext } from "@taxiway/core";
import { sampleRecord, sampleRecords, testSinkContext } from "@taxiway/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CsvConfig, CsvSink, connector, renderCell } from "../src/index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "taxiway-csv-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function sink(config: CsvConfig, context: Partial<SinkContext> = {}) {
  return connector.create(config, testSinkContext({ baseDir: dir, ...context }));
}

async function run(config: CsvConfig, records: IocRecord[], state?: unknown): Promise<unknown> {
  const s = sink(config, { state });
  await s.open();
  await s.write(records);
  const next = await s.flush();
  await s.close();
  return next;
}

const read = (name: string) => readFile(join(dir, name), "utf8");
/** The files a consumer sees: without the first-run markers (dotfiles). */
const outputFiles = async () => (await readdir(dir)).filter((name) => !name.startsWith(".")).sort();
/** Every file but the expiry ledger (write_deletes), which lives beside the output for the sink's whole life. */
const sinkFiles = async () => (await readdir(dir)).filter((name) => !name.endsWith(".taxiway-expiry.ndjson"));

describe("csv cells", () => {
  const cfg = { separator: "|", formulaGuard: true, delimiter: "," };
  it("quotes per RFC 4180 and doubles embedded quotes", () => {
    expect(renderCell("plain", cfg)).toBe("plain");
    expect(renderCell('say "hi", ok', cfg)).toBe('"say ""hi"", ok"');
    expect(renderCell("two\nlines", cfg)).toBe('"two\nlines"');
  });
  it("neutralizes formulas unless turned off", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
      expect(renderCell(`${start}cmd|' /C calc'!A0`, cfg).replace(/^"/, "").startsWith(`'${start}`)).toBe(
        true,
      );
    }
    expect(renderCell("=1+1", { ...cfg, formulaGuard: false })).toBe("=1+1");
  });
  it("joins multi-valued fields with the separator", () => {
    expect(renderCell(["a", "b"], { ...cfg, separator: ";" })).toBe("a;b");
    expect(renderCell([{ kill_chain_name: "mitre-attack", phase_name: "c2" }], cfg)).toBe("mitre-attack:c2");
    expect(renderCell({ MD5: "x", "SHA-256": "y" }, cfg)).toBe("MD5=x|SHA-256=y");
  });
});

describe("csv sink, append mode", () => {
  it("writes the header once per file, CRLF by default, the configured columns", async () => {
    const config: CsvConfig = { path: "out/iocs.csv", columns: ["type", "value", "stix_id"] };
    const first = await run(config, sampleRecords(2));
    await run(config, sampleRecords(1, 2), first);
    const lines = (await read("out/iocs.csv")).split("\r\n");
    expect(lines[0]).toBe("type,value,stix_id");
    expect(lines.filter((l) => l === "type,value,stix_id")).toHaveLength(1);
    expect(lines.slice(1, 4).map((l) => l.split(",")[1])).toEqual(["198.51.0.0", "198.51.0.1", "198.51.0.2"]);
    expect(lines[4]).toBe("");
  });

  it("uses the default columns, LF and a BOM when asked", async () => {
    await run({ path: "a.csv", line_ending: "lf", bom: true }, [sampleRecord(7)]);
    const text = await read("a.csv");
    expect(
      text.startsWith("\uFEFFtype,value,stix_id,name,confidence,tlp,valid_from,valid_until,labels\n"),
    ).toBe(true);
    expect(text).not.toContain("\r");
    expect(text).toContain(",80,amber,2026-01-01T00:00:00.000Z,,conformance|c2\n");
  });

  it("is exactly-once: a restart cuts the torn tail back to the committed offset", async () => {
    const config: CsvConfig = { path: "x.csv", columns: ["value"] };
    const committed = await run(config, sampleRecords(2));
    // A crashed run wrote (and even fsync'ed) a page whose checkpoint never got committed.
    await run(config, sampleRecords(3, 2), committed);
    // The restart gets the old state back and re-delivers the same page.
    const again = sink(config, { state: committed });
    await again.open();
    expect((await read("x.csv")).split("\r\n").filter(Boolean)).toHaveLength(3);
    await again.write(sampleRecords(3, 2));
    await again.close();
    const values = (await read("x.csv")).split("\r\n").filter(Boolean).slice(1);
    expect(values).toEqual(["198.51.0.0", "198.51.0.1", "198.51.0.2", "198.51.0.3", "198.51.0.4"]);
  });

  it("empties a file first written after the last commit (it holds only uncommitted rows)", async () => {
    const committed = await run({ path: "{collection}.csv", columns: ["value"] }, [sampleRecord(1)]);
    await writeFile(join(dir, "late.csv"), "value\r\ntorn-row\r\n");
    await run(
      { path: "{collection}.csv", columns: ["value"] },
      [sampleRecord(2, { source_collection: "late" })],
      committed,
    );
    expect(await read("late.csv")).toBe("value\r\n198.51.0.2\r\n");
  });

  it("a first run killed before its first commit leaves nothing the next first run writes twice", async () => {
    const config: CsvConfig = { path: "first.csv", columns: ["value"] };
    // Killed after writing and fsync'ing a page, before any checkpoint existed: the next run starts with no state.
    await run(config, sampleRecords(3));
    expect((await sinkFiles()).sort()).toEqual([".first.csv.taxiway-uncommitted", "first.csv"]);
    const committed = await run(config, sampleRecords(3));
    expect((await read("first.csv")).split("\r\n").filter(Boolean)).toEqual([
      "value",
      "198.51.0.0",
      "198.51.0.1",
      "198.51.0.2",
    ]);
    // Once something is committed the marker goes away, and a file that was there before taxiway is never emptied.
    await run(config, sampleRecords(1, 3), committed);
    expect(await sinkFiles()).toEqual(["first.csv"]);
    await writeFile(join(dir, "theirs.csv"), "value\r\nkept-row\r\n");
    await run({ path: "theirs.csv", columns: ["value"] }, [sampleRecord(9)]);
    expect(await read("theirs.csv")).toBe("value\r\nkept-row\r\n198.51.0.9\r\n");
  });

  it("a torn run's rotation files are removed when the run is redone, before or after the first commit", async () => {
    const config: CsvConfig = { path: "r.csv", columns: ["value", "name"], rotate: { max_bytes: 120 } };
    const rows = (from: number, count: number) =>
      sampleRecords(count, from).map((r) => ({ ...r, name: "x".repeat(40) }));
    // A first run killed before its first commit, after rotating twice.
    await run(config, rows(0, 6));
    expect(await outputFiles()).toEqual(["r-1.csv", "r-2.csv", "r.csv"]);
    // Redone with less data (the feed changed): nothing of the torn run is left beside what it writes now.
    const committed = await run(config, rows(0, 1));
    expect(await outputFiles()).toEqual(["r.csv"]);
    expect((await read("r.csv")).split("\r\n").filter(Boolean)).toHaveLength(2);

    // After a commit: a torn run rotates past the committed file; redoing it removes what it rotated into.
    const rotated = await run(config, rows(1, 3), committed);
    expect(await outputFiles()).toEqual(["r-1.csv", "r.csv"]);
    await run(config, rows(4, 6), rotated);
    expect((await outputFiles()).length).toBeGreaterThan(3);
    const s = sink(config, { state: rotated });
    await s.open();
    expect(await outputFiles()).toEqual(["r-1.csv", "r.csv"]);
    await s.close();
    // No first-run marker outlives the first commit, rotated or not.
    expect((await sinkFiles()).filter((name) => name.startsWith("."))).toEqual([]);
  });

  it("never marks (or later empties) a file that was there before a first run that rotates", async () => {
    await writeFile(join(dir, "theirs.csv"), `value,name\r\n${"kept,".padEnd(150, "k")}\r\n`);
    const config: CsvConfig = { path: "theirs.csv", columns: ["value", "name"], rotate: { max_bytes: 120 } };
    await run(config, sampleRecords(2));
    await run(config, sampleRecords(1, 2));
    expect(await read("theirs.csv")).toContain("kept,");
  });

  it("expands {job}, {collection} and {date} and refuses escapes", async () => {
    const records = [
      sampleRecord(1, { source_collection: "alpha" }),
      sampleRecord(2, { source_collection: "../../etc" }),
    ];
    const s = new CsvSink(
      {
        ...(await import("../src/config.js")).resolveConfig({
          path: "feeds/{job}/{collection}-{date}.csv",
          columns: ["value"],
        }),
      },
      testSinkContext({ baseDir: dir }),
      () => new Date("2026-03-04T05:06:07Z"),
    );
    await s.open();
    const result = await s.write(records);
    await s.close();
    expect(result.outcomes[0]?.status).toBe("delivered");
    expect(result.outcomes[1]?.status).toBe("permanent");
    expect(await read("feeds/conformance/alpha-2026-03-04.csv")).toBe("value\r\n198.51.0.1\r\n");
    const outside = sink({ path: "../outside/{collection}.csv" });
    await outside.open();
    // The anchor is ../outside itself; a static `..` before the placeholder is the user's choice, a value's is not.
    expect((await outside.write([sampleRecord(3, { source_collection: ".." })])).outcomes[0]?.status).toBe(
      "permanent",
    );
    await outside.close();
  });

  it("rotates by size into numbered files, each with its header", async () => {
    const state = await run(
      { path: "r.csv", columns: ["value", "name"], rotate: { max_bytes: 1024 } },
      sampleRecords(100),
    );
    const files = await outputFiles();
    expect(files.length).toBeGreaterThan(3);
    let rows = 0;
    for (const file of files) {
      const text = await read(file);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1024);
      expect(text.startsWith("value,name\r\n")).toBe(true);
      rows += text.split("\r\n").filter(Boolean).length - 1;
    }
    expect(rows).toBe(100);
    expect(JSON.stringify(state)).toContain(`r-${files.length - 1}.csv`);
  });

  it("writes gzip members that stay valid after a restart truncates", async () => {
    const config: CsvConfig = { path: "z.csv", columns: ["value"], gzip: true };
    const committed = await run(config, sampleRecords(2));
    await run(config, sampleRecords(2, 2), committed);
    await run(config, sampleRecords(2, 2), committed);
    const text = gunzipSync(await readFile(join(dir, "z.csv.gz"))).toString("utf8");
    expect(text).toBe("value\r\n198.51.0.0\r\n198.51.0.1\r\n198.51.0.2\r\n198.51.0.3\r\n");
  });

  it("skips delete records when write_deletes is off", async () => {
    await run({ path: "d.csv", columns: ["value"], write_deletes: false }, [
      sampleRecord(1),
      sampleRecord(2, { action: "delete", revoked: true }),
    ]);
    expect(await read("d.csv")).toBe("value\r\n198.51.0.1\r\n");
  });

  it("check() reports a directory it cannot write", async () => {
    await writeFile(join(dir, "blocker"), "");
    expect((await sink({ path: "ok/a.csv" }).check()).ok).toBe(true);
    const bad = await sink({ path: "blocker/a.csv" }).check();
    expect(bad.ok).toBe(false);
    expect(bad.message).toContain("blocker");
  });
});

describe("csv sink, checkpoint state from outside", () => {
  it("never truncates a file outside the output directory, whatever the state says", async () => {
    const victim = join(dir, "victim.txt");
    await writeFile(victim, "precious");
    const state = { format: 1, files: { [victim]: { path: victim, offset: 0, seq: 0 } } };
    const s = sink({ path: "out/iocs.csv" }, { state });
    await s.open();
    await s.close();
    expect(await read("victim.txt")).toBe("precious");
  });
});

describe("csv sink, daily rotation", () => {
  it("starts a new dated file, with its header, when the UTC day changes", async () => {
    let now = new Date("2026-01-01T23:59:59Z");
    const { resolveConfig } = await import("../src/config.js");
    const s = new CsvSink(
      resolveConfig({ path: "d.csv", columns: ["value"], rotate: { daily: true } }),
      testSinkContext({ baseDir: dir }),
      () => now,
    );
    await s.open();
    await s.write([sampleRecord(1)]);
    now = new Date("2026-01-02T00:00:01Z");
    await s.write([sampleRecord(2)]);
    const state = (await s.flush()) as { files: Record<string, { date?: string }> };
    await s.close();
    expect(await outputFiles()).toEqual(["d-2026-01-01.csv", "d-2026-01-02.csv"]);
    expect(await read("d-2026-01-02.csv")).toBe("value\r\n198.51.0.2\r\n");
    expect(Object.values(state.files).map((f) => f.date)).toEqual(["2026-01-01", "2026-01-02"]);
  });
});

describe("csv sink, concurrent calls", () => {
  it("serializes overlapping writes and flushes so offsets never collide", async () => {
    const s = sink({ path: "c.csv", columns: ["value"] });
    await s.open();
    const pages = Array.from({ length: 8 }, (_, i) => sampleRecords(2000, i * 2000));
    await Promise.all(pages.flatMap((page) => [s.write(page), s.flush()]));
    await s.close();
    const rows = (await read("c.csv")).split("\r\n").filter(Boolean);
    expect(rows[0]).toBe("value");
    expect(new Set(rows.slice(1)).size).toBe(16_000);
    expect(rows).toHaveLength(16_001);
  });
});

describe("csv config: sizes as the README writes them", () => {
  it("rotate.max_bytes: 64kb is accepted by the job schema and read as 65,536 bytes (it was refused as 'must be integer')", async () => {
    const { mkdtemp, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { ConnectorRegistry, loadJobFile } = await import("@taxiway/core");
    const { connector } = await import("../src/index.js");
    const dir = await mkdtemp(join(tmpdir(), "taxiway-csv-size-"));
    const path = join(dir, "job.yaml");
    await writeFile(
      path,
      "name: x\nsource: { type: taxii, url: 'https://t.example/', collection: c }\nsinks:\n  - { type: csv, path: ./o.csv, rotate: { max_bytes: 64kb } }\n",
    );
    const loaded = await loadJobFile(path, {
      env: {},
      registry: new ConnectorRegistry().register(connector as never),
    });
    expect((loaded.job.sinks[0] as { rotate?: unknown }).rotate).toEqual({ max_bytes: "64kb" });
  });
});

describe("csv append: expiry sweep (write_deletes)", () => {
  const config: CsvConfig = { path: "iocs.csv", columns: ["action", "value"], line_ending: "lf" };
  const DAY = 86_400_000;
  const now = Date.parse("2999-07-01T00:00:00Z");
  const records = [
    sampleRecord(1, { valid_until: "2999-06-01T00:00:00Z" }),
    sampleRecord(2, { valid_until: "3000-01-01T00:00:00Z" }),
    sampleRecord(3, { modified: "2999-01-01T00:00:00Z" }),
    sampleRecord(4, { modified: "2999-06-20T00:00:00Z" }),
  ];

  it("issue 20 #3: appends a delete row for each IOC whose validity passed while the feed was silent", async () => {
    const state = await run(config, records);
    const sweeping = sink(config, { state });
    await sweeping.open();
    const dry = await sweeping.sweep?.({ now, expireAfterMs: 90 * DAY, dryRun: true });
    expect(dry).toEqual({ expired: 2, sample: [records[0]?.key, records[2]?.key] });
    const swept = await sweeping.sweep?.({ now, expireAfterMs: 90 * DAY });
    expect(swept?.expired).toBe(2);
    expect(swept?.state).toBeDefined();
    await sweeping.close();
    expect((await read("iocs.csv")).split("\n").filter(Boolean)).toEqual([
      "action,value",
      "upsert,198.51.0.1",
      "upsert,198.51.0.2",
      "upsert,198.51.0.3",
      "upsert,198.51.0.4",
      "delete,198.51.0.1",
      "delete,198.51.0.3",
    ]);
    // With the sweep's state committed, the next sweep finds nothing; a deletion from the feed counts too.
    const after = await run(config, [{ ...(records[3] as IocRecord), action: "delete" }], swept?.state);
    const again = sink(config, { state: after });
    await again.open();
    expect(await again.sweep?.({ now: now + 365 * DAY, expireAfterMs: 90 * DAY })).toMatchObject({
      expired: 1,
      sample: [records[1]?.key],
    });
    await again.close();
  });

  it("a sweep whose state was never committed (crash) is redone: its rows are cut back and written again", async () => {
    const state = await run(config, records);
    const first = sink(config, { state });
    await first.open();
    expect((await first.sweep?.({ now }))?.expired).toBe(1);
    await first.close();
    // Restart from the state committed before the sweep: open truncates the delete row, the ledger ignores it.
    const restarted = sink(config, { state });
    await restarted.open();
    expect((await restarted.sweep?.({ now }))?.expired).toBe(1);
    await restarted.close();
    const rows = (await read("iocs.csv")).split("\n").filter(Boolean);
    expect(rows.filter((row) => row.startsWith("delete"))).toEqual(["delete,198.51.0.1"]);
  });

  it("without write_deletes the append sink declares no sweep", () => {
    expect(connector.sweep?.({ ...config, write_deletes: false })).toBe(false);
    expect(connector.sweep?.(config)).toBe(true);
  });
});
