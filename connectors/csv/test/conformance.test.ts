import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type HeldRecord, runSinkConformance } from "@taxiway/testkit";
import { type CsvConfig, connector } from "../src/index.js";

/** Reads every CSV file the sink wrote back as (key, modified) pairs, in file and row order. */
async function readBack(dir: string): Promise<HeldRecord[]> {
  const held: HeldRecord[] = [];
  const files = (await readdir(join(dir, "out"))).sort((a, b) => a.length - b.length || a.localeCompare(b));
  for (const file of files) {
    const rows = (await readFile(join(dir, "out", file), "utf8")).split("\r\n").filter(Boolean).slice(1);
    for (const row of rows) {
      const [key, modified] = row.split(",");
      held.push({ key: key as string, modified: modified as string });
    }
  }
  return held;
}

await runSinkConformance<CsvConfig>({
  descriptor: connector,
  config: () => ({
    path: "out/{job}.csv",
    columns: ["key", "modified", "value"],
    rotate: { max_bytes: 4_000_000 },
  }),
  badConfig: async (env) => {
    await writeFile(join(env.baseDir, "not-a-directory"), "");
    return { path: "not-a-directory/iocs.csv" };
  },
  readBack: (env) => readBack(env.baseDir),
  semantics: "log",
});
