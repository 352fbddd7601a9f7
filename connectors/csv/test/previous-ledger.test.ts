// Issue 24 rewrote the append sink's hot path (row rendering, ledger lines built by hand, UTF-8 buffers). What the
// previous code left on disk must still be read, and what this code writes must be what the previous code wrote: the
// fixture was written by the code of commit 2d1cd34 (fixtures/previous-ledger/make.mjs, records.ts).
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testSinkContext } from "@taxiway/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { connector } from "../src/index.js";
import { records, SWEEP_AT, sinkConfig } from "./fixtures/previous-ledger/records.js";

const fixture = new URL("./fixtures/previous-ledger/", import.meta.url).pathname;
const LEDGER = ".fixture.sinks_0_.taxiway-expiry.ndjson";
/** Fixture file name (stage prefix, no leading dot) → name in the output directory. */
const names: Record<string, string> = {
  "iocs.csv": "iocs.csv",
  "iocs.csv.taxiway-uncommitted": ".iocs.csv.taxiway-uncommitted",
  "fixture.sinks_0_.taxiway-expiry.ndjson": LEDGER,
};
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "taxiway-csv-previous-"));
  dirs.push(dir);
  // The fixture stores paths as @DIR@, in JSON strings too: this directory must need no JSON escape.
  expect(JSON.stringify(dir)).toBe(`"${dir}"`);
  return dir;
}

const fixtureText = async (name: string, dir: string) =>
  (await readFile(join(fixture, name), "utf8")).replaceAll("@DIR@", dir);
const context = (dir: string, state?: unknown) => testSinkContext({ baseDir: dir, job: "fixture", state });

describe("csv append: files the previous code wrote", () => {
  it("its CSV file, expiry ledger and committed state are read, swept and compacted exactly as it did", async () => {
    const dir = await freshDir();
    for (const [name, target] of Object.entries(names)) {
      if (name === "iocs.csv") await copyFile(join(fixture, `before.${name}`), join(dir, target));
      else await writeFile(join(dir, target), await fixtureText(`before.${name}`, dir));
    }
    const state = JSON.parse(await fixtureText("before.state.json", dir));
    const sink = connector.create(sinkConfig, context(dir, state));
    await sink.open();
    const swept = await sink.sweep?.({ now: SWEEP_AT });
    await sink.close();
    expect(swept).toEqual(JSON.parse(await fixtureText("after.sweep.json", dir)));
    // The torn third page is cut off, its ledger line ignored; four expired IOCs get their delete rows.
    expect(await readFile(join(dir, "iocs.csv"))).toEqual(await readFile(join(fixture, "after.iocs.csv")));
    expect(await readFile(join(dir, LEDGER), "utf8")).toBe(
      await fixtureText("after.fixture.sinks_0_.taxiway-expiry.ndjson", dir),
    );
  });

  it("the same pages written by this code leave the same bytes: CSV, ledger lines, marker and state", async () => {
    const dir = await freshDir();
    const [first = [], second = [], torn = []] = records();
    const sink = connector.create(sinkConfig, context(dir));
    await sink.open();
    await sink.write(first);
    await sink.flush();
    await sink.write(second);
    const committed = await sink.flush();
    await sink.write(torn);
    await sink.flush();
    await sink.close();
    expect(committed).toEqual(JSON.parse(await fixtureText("before.state.json", dir)));
    expect((await readdir(dir)).sort()).toEqual(Object.values(names).sort());
    for (const [name, target] of Object.entries(names)) {
      expect(await readFile(join(dir, target), "utf8"), name).toBe(await fixtureText(`before.${name}`, dir));
    }
  });
});
