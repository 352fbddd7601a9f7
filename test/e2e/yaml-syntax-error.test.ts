// Issue 24 follow-up: `taxiway validate` and `run` on a job file with a YAML syntax error print the nearest YAML path
// (or `(document)`), the line and column, and exit with a config error's code (2), in text and in `--json`.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { taxiway } from "./binary.js";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "taxiway-yaml-syntax-"));
  await writeFile(
    join(dir, "quote.yaml"),
    'name: x\nsource:\n  type: taxii\n  url: "https://t.example/taxii2/\n  collection: c\nsinks:\n  - { type: csv, path: ./out.csv }\n',
  );
  await writeFile(join(dir, "two.yaml"), "name: x\n---\nname: y\n");
});

describe("a YAML syntax error in a job file", () => {
  it("validate prints the nearest YAML path, line and column, and exits 2", async () => {
    const run = await taxiway(["validate", "quote.yaml"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '  source.url: YAML syntax error: Missing closing "quote; the value of source.url begins at line 4, column 8 (quote.yaml:8:1)\n',
    );
    expect(run.stderr).toMatch(/^taxiway: CONFIG_INVALID: quote\.yaml: /m);
  });

  it("validate --json gives the same path and position in the failure object", async () => {
    const run = await taxiway(["validate", "--json", "two.yaml"], { cwd: dir });
    expect(run.code).toBe(2);
    const verdict = JSON.parse(run.stdout);
    expect(verdict).toMatchObject({
      file: "two.yaml",
      status: "failed",
      code: "CONFIG_INVALID",
      exit_code: 2,
    });
    expect(verdict.problems).toEqual([
      expect.objectContaining({ path: "(document)", file: "two.yaml", line: 2, column: 1 }),
    ]);
  });

  it("run says the same and exits 2 before doing anything", async () => {
    const run = await taxiway(["run", "quote.yaml"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /CONFIG_INVALID: .*source\.url: YAML syntax error: Missing closing "quote.*\(quote\.yaml:8:1\)/,
    );
  });
});
