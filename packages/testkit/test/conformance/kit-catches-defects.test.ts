import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

interface JsonReport {
  testResults: { assertionResults: { title: string; status: string }[] }[];
}

it("the conformance kit fails a sink with known defects, case by case", () => {
  const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
  const vitestBin = join(createRequire(import.meta.url).resolve("vitest/package.json"), "..", "vitest.mjs");
  const out = mkdtempSync(join(tmpdir(), "taxiway-kit-report-"));
  try {
    const report = join(out, "report.json");
    const run = spawnSync(
      process.execPath,
      [
        vitestBin,
        "run",
        "--config",
        join(fixtures, "vitest.config.ts"),
        "--reporter=json",
        `--outputFile=${report}`,
      ],
      { cwd: fixtures, encoding: "utf8", env: { ...process.env, CI: "true" }, timeout: 120_000 },
    );
    expect(run.status, run.stderr.slice(-2000)).toBe(1);
    const results = (JSON.parse(readFileSync(report, "utf8")) as JsonReport).testResults.flatMap(
      (t) => t.assertionResults,
    );
    const status = (prefix: string) => results.find((r) => r.title.startsWith(prefix))?.status;
    expect(status("config schema compiles and rejects unknown keys")).toBe("failed");
    expect(status("check() reports bad credentials")).toBe("failed");
    expect(status("re-sending a batch after a crash")).toBe("failed");
    expect(status("newer versions win")).toBe("failed");
    expect(status("memory stays flat")).toBe("failed");
    expect(status("a batch arrives complete")).toBe("passed");
    expect(status("open and close are idempotent")).toBe("passed");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 150_000);
