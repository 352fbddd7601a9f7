import { mkdtemp, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, ensureDirectory } from "@taxiway/core";
import { describe, expect, it } from "vitest";

describe("ensureDirectory: paths that cannot exist fail once, fast", () => {
  it("creates missing parents level by level", async () => {
    const base = await mkdtemp(join(tmpdir(), "taxiway-dir-"));
    await ensureDirectory(join(base, "a/b/c"));
    expect((await stat(join(base, "a/b/c"))).isDirectory()).toBe(true);
    await ensureDirectory(join(base, "a/b/c"));
  });

  it("under /proc: one PATH_NOT_CREATABLE error (node's recursive mkdir spins there forever)", async () => {
    const error = await ensureDirectory("/proc/taxiway-nope/deeper").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      code: "PATH_NOT_CREATABLE",
      message: expect.stringContaining("/proc/taxiway-nope"),
    });
  });

  it("a file in the way names that file", async () => {
    const base = await mkdtemp(join(tmpdir(), "taxiway-dir-"));
    await writeFile(join(base, "file"), "x");
    const error = await ensureDirectory(join(base, "file/sub")).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "PATH_NOT_CREATABLE",
      message: expect.stringContaining(`${join(base, "file")}: ENOTDIR`),
    });
  });
});
