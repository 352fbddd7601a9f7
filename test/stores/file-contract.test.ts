import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileCheckpointStore } from "@taxiway/core";
import { runCheckpointStoreContract } from "@taxiway/testkit";
import { afterAll } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "taxiway-file-contract-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

await runCheckpointStoreContract({
  name: "file",
  open: (job, { leaseTtlMs }) => new FileCheckpointStore(join(dir, `${job}.json`), leaseTtlMs),
});
