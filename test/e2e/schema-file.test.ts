import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { taxiway } from "./binary.js";

const CONFIGS = fileURLToPath(new URL("../../configs/", import.meta.url));

describe("configs/", () => {
  it("taxiway.schema.json is what `taxiway schema` prints (regenerate: taxiway schema > configs/taxiway.schema.json)", async () => {
    const printed = await taxiway(["schema"]);
    expect(printed.code).toBe(0);
    expect(JSON.parse(await readFile(`${CONFIGS}taxiway.schema.json`, "utf8"))).toEqual(
      JSON.parse(printed.stdout),
    );
  });

  it("every job file points editors at the schema and validates", async () => {
    const files = (await readdir(CONFIGS)).filter((name) => name.endsWith(".yaml"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = await readFile(`${CONFIGS}${file}`, "utf8");
      expect(text.split("\n")[0], file).toBe("# yaml-language-server: $schema=./taxiway.schema.json");
      const result = await taxiway(["validate", `${CONFIGS}${file}`], {
        env: {
          TAXIWAY_DEMO_URL: "http://127.0.0.1:9/taxii2/",
          TAXII_TOKEN: "t0ken-value",
          ES_API_KEY: "a2V5OnZhbHVl",
          KAFKA_PASSWORD: "kafka-password",
          SENTINEL_CLIENT_SECRET: "sentinel-secret",
          TIP_PASSWORD: "tip-password",
        },
      });
      expect(result.code, `${file}: ${result.stderr}`).toBe(0);
    }
  });
});
