import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTaxiiServer, type TaxiiServer } from "@taxiway/testkit/fixtures";
import { afterEach, expect, it } from "vitest";
import { ipv4Indicators } from "../support/objects.js";
import { taxiway } from "./binary.js";

let server: TaxiiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// Issue 17 #3: a server with neither date headers nor a manifest. Every poll re-reads the collection; the
// seen-index beside the checkpoint makes CSV append (which does not deduplicate) see each version once.
it.each([
  { thread: "main thread", worker: false },
  { thread: "source worker", worker: true },
])(
  "no date headers, no manifest: three polls of a 3-indicator collection write 3 CSV rows, then the 2 added later ($thread)",
  async ({ worker }) => {
    server = await startTaxiiServer({
      collections: [{ id: "c1", title: "Indicators", objects: ipv4Indicators(3) }],
      quirks: { noDateHeaders: true, noManifest: true },
    });
    const dir = await mkdtemp(join(tmpdir(), "taxiway-seen-e2e-"));
    const path = join(dir, "job.yaml");
    await writeFile(
      path,
      `name: seen
source: { type: taxii, url: "${server.url}", collection: c1, page_size: 2, retries: 1 }
logging: { level: warn }
delivery: { worker: ${worker} }
sinks:
  - { type: csv, id: out, path: ./out/seen.csv, columns: [type, value, stix_id], line_ending: lf, mode: append }
`,
    );
    const rows = async () =>
      (await readFile(join(dir, "out/seen.csv"), "utf8")).trimEnd().split("\n").slice(1);
    let last = await taxiway(["run", path, "--json"]);
    for (let poll = 0; poll < 2; poll++) {
      expect(last.code, last.stderr).toBe(0);
      last = await taxiway(["run", path, "--json"]);
    }
    expect(last.code, last.stderr).toBe(0);
    expect(await rows()).toHaveLength(3);
    expect(JSON.parse(last.stdout).collections.c1.strategy).toBe("seen-index");
    expect(existsSync(join(dir, "state/seen.seen.sqlite"))).toBe(true);
    server.add("c1", ipv4Indicators(2, 100));
    expect((await taxiway(["run", path])).code).toBe(0);
    const after = await rows();
    expect(after).toHaveLength(5);
    expect(new Set(after.map((row) => row.split(",")[2])).size).toBe(5);
  },
);
