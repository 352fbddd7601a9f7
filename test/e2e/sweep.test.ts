import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CsvSnapshotSink, resolveConfig } from "@taxiway/connector-csv";
import { sampleRecord, testSinkContext } from "@taxiway/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { taxiway } from "./binary.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "taxiway-sweep-e2e-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const rows = async () => (await readFile(join(dir, "out/iocs.csv"), "utf8")).split("\n").filter(Boolean);

/** A snapshot written by a sink whose clock says 2019, so its 2020 validity has passed for the binary's clock. */
async function staleSnapshot(): Promise<{ expired: string; valid: string }> {
  const config = {
    path: "./out/iocs.csv",
    mode: "snapshot" as const,
    columns: ["value" as const],
    line_ending: "lf" as const,
  };
  const sink = new CsvSnapshotSink(
    resolveConfig(config),
    testSinkContext({ baseDir: dir }),
    () => new Date("2019-06-01T00:00:00Z"),
  );
  await sink.open();
  const expired = sampleRecord(1, { valid_until: "2020-01-01T00:00:00Z" });
  const valid = sampleRecord(2, { valid_until: "2999-01-01T00:00:00Z" });
  await sink.write([expired, valid]);
  await sink.close();
  await writeFile(
    join(dir, "job.yaml"),
    `name: sweeping\nsource:\n  type: taxii\n  url: http://127.0.0.1:9/taxii2/\n  collection: iocs\ncheckpoint: { path: ./state/sweeping.json }\nsinks:\n  - { type: csv, mode: snapshot, path: ./out/iocs.csv, columns: [value], line_ending: lf }\n`,
  );
  return { expired: expired.key, valid: valid.key };
}

describe("taxiway sweep", () => {
  it("--dry-run names what would go and changes nothing; then the sweep removes it without polling", async () => {
    const { expired } = await staleSnapshot();
    expect(await rows()).toEqual(["value", "198.51.0.1", "198.51.0.2"]);
    const dry = await taxiway(["sweep", "job.yaml", "--dry-run", "--log-level", "silent"], { cwd: dir });
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^expired\s+1 \(would be removed or flagged\)$/m);
    expect(dry.stdout).toContain(`sink csv-0  1 expired — keys ${expired}`);
    expect(await rows()).toHaveLength(3);
    // The feed's URL answers nothing: the sweep never polls it.
    const real = await taxiway(["sweep", "job.yaml", "--json", "--log-level", "silent"], { cwd: dir });
    expect(real.code).toBe(0);
    expect(JSON.parse(real.stdout)).toMatchObject({
      job: "sweeping",
      status: "ok",
      dry_run: false,
      expired: 1,
      sinks: { "csv-0": { type: "csv", expired: 1, sample: [expired] } },
    });
    expect(await rows()).toEqual(["value", "198.51.0.2"]);
  });

  it("names the job file when it is missing (usage)", async () => {
    const result = await taxiway(["sweep"], { cwd: dir });
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/name the job file: taxiway sweep JOB\.yaml/);
  });
});
