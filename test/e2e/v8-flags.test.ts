// The `taxiway` command starts Node with a capped V8 young generation (--max-semi-space-size, see
// packages/cli/src/bin.ts): each way a user starts it must pass the flag. A preload module (NODE_OPTIONS, which
// Node applies to the process the shebang starts) writes the process's execArgv to a file.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, runProcess } from "./binary.js";

const WORKSPACE_BIN = fileURLToPath(new URL("../../packages/cli/bin/taxiway.js", import.meta.url));
const PNPM_SHIM = fileURLToPath(new URL("../../node_modules/.bin/taxiway", import.meta.url));
const FLAG = "--max-semi-space-size=16";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "taxiway-v8-flags-"));
  await writeFile(
    join(dir, "exec-argv.mjs"),
    `import { writeFileSync } from "node:fs";\nwriteFileSync(process.env.TAXIWAY_EXEC_ARGV_LOG, JSON.stringify(process.execArgv));\n`,
  );
});

async function execArgvOf(command: string): Promise<string[]> {
  const log = join(dir, `argv-${Math.random().toString(36).slice(2)}.json`);
  const result = await runProcess(command, ["--version"], {
    env: {
      NODE_OPTIONS: `--import=${join(dir, "exec-argv.mjs")}`,
      TAXIWAY_EXEC_ARGV_LOG: log,
      // The shebang's `env node` must find the project's Node (≥ 22), as the README's first command arranges.
      PATH: `${join(process.execPath, "..")}:${process.env.PATH ?? ""}`,
    },
  });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(await readFile(log, "utf8")) as string[];
}

describe("the taxiway command caps V8's young generation", () => {
  it("started through its shebang and through pnpm's shim", async () => {
    // The built entry (what the bundle and the image start) carries the same first line.
    for (const file of [BIN, WORKSPACE_BIN])
      expect((await readFile(file, "utf8")).split("\n")[0]).toBe(`#!/usr/bin/env -S node ${FLAG}`);
    expect(await execArgvOf(WORKSPACE_BIN)).toContain(FLAG);
    expect(await execArgvOf(PNPM_SHIM)).toContain(FLAG);
  });
});
