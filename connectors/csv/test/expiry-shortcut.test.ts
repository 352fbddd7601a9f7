// The append sink's sweep skips reading its expiry ledger when the committed state proves nothing in it can have
// expired (issue 24: at the end of a 100k run the sweep read the whole ledger: ~200 ms and memory growing with the
// collection). It must give the same answers as reading the ledger.
import { appendFile, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IocRecord } from "@taxiway/core";
import { sampleRecord, testSinkContext } from "@taxiway/testkit";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { type CsvConfig, connector } from "../src/index.js";

const config: CsvConfig = { path: "iocs.csv", columns: ["action", "value"], line_ending: "lf" };
const DAY = 86_400_000;
const BASE = Date.parse("2999-01-01T00:00:00Z");
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "taxiway-csv-expiry-"));
  dirs.push(dir);
  return dir;
}

/** One run: open with `state`, write, flush, sweep at `now` (committing its state when it has one), close. */
async function runAndSweep(dir: string, state: unknown, records: IocRecord[], now: number) {
  const sink = connector.create(config, testSinkContext({ baseDir: dir, state }));
  await sink.open();
  if (records.length > 0) await sink.write(records);
  let next = await sink.flush();
  const swept = await sink.sweep?.({ now });
  if (swept?.state) next = swept.state;
  await sink.close();
  return { next, swept: { expired: swept?.expired, sample: swept?.sample } };
}

const withoutNextExpiry = (state: unknown) => {
  const { next_expiry: _unknown, ...rest } = state as Record<string, unknown>;
  return rest;
};

describe("csv append sweep: the next_expiry shortcut", () => {
  it("IOCs without an expiry commit next_expiry: null, and a sweep without expire_after then leaves the ledger unread", async () => {
    const dir = await freshDir();
    const { next } = await runAndSweep(dir, undefined, [sampleRecord(1), sampleRecord(2)], BASE);
    expect(next).toMatchObject({ next_expiry: null });
    // A line the sink would delete if it read the ledger: the committed state says no such line can exist.
    const ledger = (await readdir(dir)).find((name) => name.endsWith(".taxiway-expiry.ndjson")) as string;
    await appendFile(
      join(dir, ledger),
      `${JSON.stringify({ k: "planted", m: "2998-01-01T00:00:00Z", x: "2998-06-01T00:00:00Z", r: "delete,planted\n" })}\n`,
    );
    const again = await runAndSweep(dir, next, [], BASE);
    expect(again.swept.expired).toBe(0);
    expect(await readFile(join(dir, "iocs.csv"), "utf8")).not.toContain("planted");
  });

  it("keeps the earliest expiry, and sweeps once it has passed", async () => {
    const dir = await freshDir();
    const records = [
      sampleRecord(1, { valid_until: "2999-03-01T00:00:00.000Z" }),
      sampleRecord(2, { valid_until: "2999-02-01T00:00:00.000Z" }),
      sampleRecord(3),
    ];
    const first = await runAndSweep(dir, undefined, records, BASE);
    expect(first.next).toMatchObject({ next_expiry: "2999-02-01T00:00:00.000Z" });
    const second = await runAndSweep(dir, first.next, [], BASE + 45 * DAY);
    expect(second.swept).toEqual({ expired: 1, sample: [records[1]?.key] });
    expect(second.next).toMatchObject({ next_expiry: "2999-03-01T00:00:00.000Z" });
  });

  it("any sequence of runs and sweeps: the same deletions as a sink that always reads the ledger (state without next_expiry)", async () => {
    const run = fc.record({
      records: fc.array(
        fc.record({
          n: fc.integer({ min: 1, max: 30 }),
          expiresInDays: fc.option(fc.integer({ min: 1, max: 100 })),
        }),
        { maxLength: 8 },
      ),
      advanceDays: fc.integer({ min: 0, max: 60 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(run, { minLength: 1, maxLength: 5 }), async (runs) => {
        const [fast, slow] = [await freshDir(), await freshDir()];
        let fastState: unknown;
        let slowState: unknown;
        let now = BASE;
        for (const { records, advanceDays } of runs) {
          const batch = records.map(({ n, expiresInDays }) =>
            sampleRecord(n, {
              modified: new Date(now).toISOString(),
              ...(expiresInDays === null
                ? {}
                : { valid_until: new Date(now + expiresInDays * DAY).toISOString() }),
            }),
          );
          now += advanceDays * DAY;
          const a = await runAndSweep(fast, fastState, batch, now);
          const b = await runAndSweep(
            slow,
            slowState === undefined ? undefined : withoutNextExpiry(slowState),
            batch,
            now,
          );
          expect(a.swept).toEqual(b.swept);
          fastState = a.next;
          slowState = b.next;
        }
        const csv = (dir: string) => readFile(join(dir, "iocs.csv"), "utf8").catch(() => "");
        expect(await csv(fast)).toBe(await csv(slow));
      }),
      { seed: 24, numRuns: 40 },
    );
  }, 120_000);
});
