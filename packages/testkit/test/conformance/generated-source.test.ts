import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { validateSourceModule } from "@taxiway/core";
import { afterAll, describe, expect, it } from "vitest";

// `pnpm create-connector NAME --source` into a temp dir: a source package whose own conformance test is generated too.
const script = fileURLToPath(new URL("../../../../scripts/create-connector.mjs", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "taxiway-create-source-"));
const target = join(root, "taxiway-source-probe-feed");
execFileSync(process.execPath, [script, "probe-feed", "--source", "--dir", target], { stdio: "pipe" });
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("create-connector --source", () => {
  it("generates a source package named after the source, with its conformance test", async () => {
    const files = readdirSync(target, { recursive: true }).map(String).sort();
    expect(files).toEqual(
      expect.arrayContaining(["package.json", "README.md", "src/index.ts", "test/conformance.test.ts"]),
    );
    const generated = await import(pathToFileURL(join(target, "src/index.ts")).href);
    expect(validateSourceModule(generated, "generated").type).toBe("probe-feed");
  });
});

// The generated package's own conformance cases, run here against the generated module.
await import(pathToFileURL(join(target, "test/conformance.test.ts")).href);
