import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runSinkConformance } from "@taxiway/testkit";
import { type CsvConfig, connector } from "../src/index.js";

await runSinkConformance<CsvConfig>({
  descriptor: connector,
  config: () => ({ path: "out/{job}.csv", mode: "snapshot", columns: ["key", "modified"] }),
  badConfig: async (env) => {
    await writeFile(join(env.baseDir, "not-a-directory"), "");
    return { path: "not-a-directory/iocs.csv", mode: "snapshot" };
  },
  readBack: async (env) => {
    const text = await readFile(join(env.baseDir, "out", "conformance.csv"), "utf8");
    return text
      .split("\r\n")
      .filter(Boolean)
      .slice(1)
      .map((row) => {
        const [key, modified] = row.split(",");
        return { key: key as string, modified: modified as string };
      });
  },
  semantics: "keyed",
  memory: { records: 100_000, batchSize: 5000 },
});
