import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSourceConformance } from "@taxiway/testkit";
import { afterAll } from "vitest";
import { source } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "example-source-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const lines = Array.from({ length: 23 }, (_, i) =>
  JSON.stringify({
    type: "indicator",
    spec_version: "2.1",
    id: `indicator--00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    created: "2026-01-01T00:00:00.000Z",
    modified: "2026-01-01T00:00:00.000Z",
    pattern: `[ipv4-addr:value = '192.0.2.${i}']`,
    pattern_type: "stix",
    valid_from: "2026-01-01T00:00:00.000Z",
  }),
);
writeFileSync(join(dir, "intel.ndjson"), `${lines.join("\n")}\n`);

await runSourceConformance({
  name: "example-source",
  open: (context) =>
    source.open({ type: "example-source", path: "intel.ndjson", page_size: 5 }, { ...context, baseDir: dir }),
  pageSize: 5,
  minObjects: 23,
});
