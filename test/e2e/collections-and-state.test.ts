import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTaxiiServer } from "@taxiway/testkit/fixtures";
import { describe, expect, it } from "vitest";
import { ipv4Indicators } from "../support/objects.js";
import { taxiway } from "./binary.js";

describe("several collections, and taxiway state", () => {
  it("keeps one cursor per collection; state show, set --added-after and reset act on the checkpoint", async () => {
    const server = await startTaxiiServer({
      collections: [
        { id: "c1", title: "One", objects: ipv4Indicators(30) },
        { id: "c2", title: "Two", alias: "two", objects: ipv4Indicators(12, 100) },
      ],
    });
    const dir = await mkdtemp(join(tmpdir(), "taxiway-multi-"));
    const path = join(dir, "job.yaml");
    await writeFile(
      path,
      `name: multi
source: { type: taxii, url: "${server.apiRootUrl}", collections: [c1, two], page_size: 10 }
sinks: [{ type: csv, path: "./out/{collection}.csv", columns: [value], line_ending: lf }]
`,
    );
    const first = await taxiway(["run", path, "--json"]);
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary.collections.c1).toMatchObject({ objects: 30, added_after: "2026-01-01T00:00:29.000Z" });
    expect(summary.collections.two).toMatchObject({ objects: 12, added_after: "2026-01-01T00:00:11.000Z" });
    expect((await readFile(join(dir, "out/two.csv"), "utf8")).trim().split("\n")).toHaveLength(13);

    const shown = await taxiway(["state", path, "show", "--json"]);
    expect(JSON.parse(shown.stdout).collections.c1.added_after).toBe("2026-01-01T00:00:29.000Z");

    const set = await taxiway([
      "state",
      path,
      "set",
      "--added-after",
      "2026-01-01T00:00:24.000Z",
      "--collection",
      "c1",
    ]);
    expect(set.code, set.stderr).toBe(0);
    const replay = JSON.parse((await taxiway(["run", path, "--json"])).stdout);
    expect(replay.collections.c1.objects).toBe(5);
    expect(replay.collections.two.objects).toBe(0);

    expect((await taxiway(["state", path, "reset"])).code).toBe(2); // its CSV sinks append
    expect((await taxiway(["state", path, "reset", "--force"])).code).toBe(0);
    expect((await taxiway(["state", path, "show"])).stdout).toMatch(/no checkpoint yet for job multi/);
    const bad = await taxiway(["state", path, "set", "--added-after", "yesterday"]);
    expect(bad.code).toBe(64);
    await server.close();
  });

  it("validate reports every problem of a file with file:line:column and exits 2", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-validate-"));
    const path = join(dir, "bad.yaml");
    await writeFile(
      path,
      "name: x\nsource:\n  type: taxii\n  url: ftp://nope\n  colection: c\nsinks:\n  - type: csv\n    path: 5\n",
    );
    const result = await taxiway(["validate", path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `source.colection: unknown key; did you mean 'collection'? (${path}:5:3)`,
    );
    expect(result.stderr).toContain(`source.url: must be an http:// or https:// URL (${path}:4:8)`);
    expect(result.stderr).toContain(`sinks[0].path: must be string (${path}:8:11)`);
  });
});
