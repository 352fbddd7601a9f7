import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describeDeliveryFaults, FileFaults } from "@taxiway/testkit";
import { afterAll } from "vitest";
import { type CsvConfig, connector } from "../src/index.js";

const faults = await FileFaults.install();
afterAll(() => faults.uninstall());

/** The `key` column of every row of every file in out/ (rotations included), in file order. */
async function keysIn(dir: string): Promise<string[]> {
  const out = join(dir, "out");
  const files = await readdir(out).catch(() => [] as string[]);
  const keys: string[] = [];
  for (const file of files.sort()) {
    const rows = (await readFile(join(out, file), "utf8")).split("\r\n").filter(Boolean).slice(1);
    for (const row of rows) keys.push(row.split(",")[0] as string);
  }
  return keys;
}

// Rows of ~600 bytes in pages of 1,500 make the sink spill to disk (every 256 KiB) in the middle of a page, where
// the ENOSPC of the issue struck; rotation at 400 KB makes a page cross files.
await describeDeliveryFaults<CsvConfig>({
  descriptor: connector,
  config: () => ({
    path: "out/{job}.csv",
    columns: ["key", "value", "description"],
    rotate: { max_bytes: 400_000 },
  }),
  readBack: (env) => keysIn(env.baseDir),
  semantics: "exactly-once",
  io: { inject: faults.inject, disarm: () => faults.disarm() },
  feed: { pages: 3, pageSize: 1500, batchSize: 250, descriptionBytes: 600 },
  numRuns: 15,
});
