import { mkdir, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, deliver } from "@taxiway/core";
import { sampleRecords, testSinkContext } from "@taxiway/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CsvConfig, connector, renderCell } from "../src/index.js";

const cell = { separator: "|", formulaGuard: true, delimiter: "," } as const;
/** A cell as a spreadsheet reads it: RFC 4180 quotes removed. */
const unquote = (text: string) => (text.startsWith('"') ? text.slice(1, -1).replaceAll('""', '"') : text);

describe("csv: formula guard covers what spreadsheets skip before a formula", () => {
  for (const value of [
    "\n=1+1",
    " =1+1",
    "\u200B=1+1",
    "\uFF1D1+1",
    "\u00A0+cmd",
    "\uFEFF@SUM(A1)",
    "\t-2+3",
  ])
    it(`neutralises ${JSON.stringify(value)}`, () => {
      expect(unquote(renderCell(value, cell)).startsWith("'")).toBe(true);
    });

  it("any run of blanks and invisible characters before = + - @ (ASCII or full-width) is neutralised", () => {
    const ignorable = fc.constantFrom(
      " ",
      "\u00A0",
      "\u200B",
      "\u200C",
      "\u200D",
      "\u2060",
      "\uFEFF",
      "\t",
      "\n",
    );
    const trigger = fc.constantFrom("=", "+", "-", "@", "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20");
    fc.assert(
      fc.property(fc.array(ignorable, { maxLength: 5 }), trigger, fc.string(), (prefix, start, rest) => {
        const value = `${prefix.join("")}${start}${rest}`;
        expect(unquote(renderCell(value, cell)).startsWith("'")).toBe(true);
      }),
      { seed: 18, numRuns: 500 },
    );
  });

  it("ordinary values are left alone", () => {
    for (const value of ["evil.example", "198.51.100.7", "a = b", "x@y"])
      expect(renderCell(value, cell)).toBe(value);
  });
});

async function sinkIn(dir: string, config: Partial<CsvConfig> = {}) {
  return connector.create(
    { path: "out/iocs.csv", columns: ["key", "value"], ...config },
    testSinkContext({ baseDir: dir }),
  );
}

describe("csv: output paths", () => {
  it("refuses a symbolic link at the output path (exit 2), leaving its target untouched", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-csv-link-"));
    const outside = join(dir, "outside.txt");
    await writeFile(outside, "precious\n");
    await mkdir(join(dir, "out"));
    await symlink(outside, join(dir, "out", "iocs.csv"));
    const sink = await sinkIn(dir);
    await sink.open();
    await expect(sink.write(sampleRecords(3))).rejects.toMatchObject({
      code: "CSV_SYMLINK",
      retryable: false,
    });
    expect(await readFile(outside, "utf8")).toBe("precious\n");
  });

  it("writes through the link when follow_symlinks: true", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-csv-link-ok-"));
    const target = join(dir, "target.csv");
    await mkdir(join(dir, "out"));
    await symlink(target, join(dir, "out", "iocs.csv"));
    const sink = await sinkIn(dir, { follow_symlinks: true });
    await sink.open();
    await sink.write(sampleRecords(3));
    await sink.close();
    expect((await readFile(target, "utf8")).split("\r\n").filter(Boolean)).toHaveLength(4);
  });

  it("a committed file that became a symlink is refused on open, never truncated through", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-csv-link-reopen-"));
    const first = await sinkIn(dir);
    await first.open();
    await first.write(sampleRecords(3));
    const state = await first.flush();
    await first.close();
    const outside = join(dir, "outside.txt");
    await writeFile(outside, "x".repeat(100_000));
    const { rm } = await import("node:fs/promises");
    await rm(join(dir, "out", "iocs.csv"));
    await symlink(outside, join(dir, "out", "iocs.csv"));
    const again = connector.create(
      { path: "out/iocs.csv", columns: ["key", "value"] },
      testSinkContext({ baseDir: dir, state }),
    );
    await expect(again.open()).rejects.toMatchObject({ code: "CSV_SYMLINK" });
    expect((await readFile(outside, "utf8")).length).toBe(100_000);
  });

  it("rotate.max_bytes takes a size such as 64kb (and refuses one that is not a size)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-csv-size-"));
    const sink = await sinkIn(dir, { rotate: { max_bytes: "64kb" } });
    await sink.open();
    await sink.write(sampleRecords(2000));
    await sink.close();
    const { readdir } = await import("node:fs/promises");
    expect((await readdir(join(dir, "out"))).length).toBeGreaterThan(1);
    await expect(sinkIn(dir, { rotate: { max_bytes: "lots" } })).rejects.toMatchObject({
      code: "CONFIG_INVALID",
    });
  });

  it("a permanent file-system error (ENOTDIR) fails the run at once, not after five retries", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-csv-notdir-"));
    await writeFile(join(dir, "out"), "a file where the output directory should be");
    const sink = await sinkIn(dir);
    let calls = 0;
    const counting = {
      ...sink,
      write: (records: Parameters<typeof sink.write>[0]) => {
        calls++;
        return sink.write(records);
      },
    };
    const logger = createLogger({ level: "silent", destination: { write: () => {} } });
    await expect(
      deliver(counting, sampleRecords(2), {
        sinkId: "csv",
        batchSize: 10,
        retries: 5,
        logger,
        backoffBaseMs: 1,
      }),
    ).rejects.toMatchObject({ code: "FS_ENOTDIR", retryable: false });
    expect(calls).toBe(1);
  });
});
