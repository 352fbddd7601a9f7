import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin";

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function sh(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve) => {
    execFile("bash", ["-c", command], { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * What a new machine has: the system's PATH (its Node may be 20, and there is no pnpm) and an empty tool cache.
 * The machine's own settings stay (HOME with its npm config, CA bundles, proxies); what the test runner's pnpm and
 * Node put in the environment goes.
 */
async function freshMachine(): Promise<{ home: string; env: NodeJS.ProcessEnv }> {
  const home = await mkdtemp(join(tmpdir(), "taxiway-fresh-"));
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(npm_|pnpm_|PNPM_|VITEST|NODE_OPTIONS$|INIT_CWD$|TAXIWAY_)/i.test(key)) env[key] = value;
  return { home, env: { ...env, PATH: SYSTEM_PATH, TAXIWAY_TOOLS: join(home, "tools"), TERM: "dumb" } };
}

const missing = ["git", "npm"].filter(
  (tool) => !SYSTEM_PATH.split(":").some((dir) => existsSync(join(dir, tool))),
);
const reason = missing.length > 0 ? `needs ${missing.join(" and ")} on the system PATH` : undefined;
if (reason && process.env.CI) throw new Error(`fresh-machine test cannot run under CI: ${reason}`);
if (reason) console.warn(`skipping the fresh-machine test: ${reason}`);

describe.skipIf(reason !== undefined)("a clean clone on a fresh machine (README's two commands)", () => {
  it(
    "./pnpmw demo installs Node ≥ 22 and the pinned pnpm into a cache, runs the demo; then pnpm exec taxiway works, and the packaged tarball installs with npm i -g",
    async () => {
      const { home, env } = await freshMachine();
      const system = await sh("node --version; command -v pnpm || echo no-pnpm", home, env);
      const clone = join(home, "taxiway");
      expect(
        (await sh(`git clone --quiet ${JSON.stringify(REPO)} ${JSON.stringify(clone)}`, home, env)).code,
      ).toBe(0);

      const demo = await sh("./pnpmw demo", clone, env);
      expect(demo.code, `${system.stdout}\n${demo.stderr}`).toBe(0);
      expect(demo.stdout).toMatch(/result\s+ok/);
      expect(demo.stdout).toMatch(/sink demo-csv\s+401 written/);

      const help = await sh("./pnpmw exec taxiway --help", clone, env);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toMatch(/Usage: taxiway <command>/);

      const packed = await sh("./pnpmw package", clone, env);
      expect(packed.code, packed.stderr).toBe(0);
      const tarball = (await readdir(join(clone, "build"))).find((name) => name.endsWith(".tgz"));
      expect(tarball).toBeDefined();
      const nodeBin = (
        await sh("dirname \"$(./pnpmw exec node -e 'console.log(process.execPath)')\"", clone, env)
      ).stdout
        .trim()
        .split("\n")
        .at(-1) as string;
      const global = join(home, "global");
      const installEnv = { ...env, PATH: `${nodeBin}:${env.PATH}` };
      const install = await sh(`npm install -g --prefix ${global} ./build/${tarball}`, clone, installEnv);
      expect(install.code, install.stderr).toBe(0);
      const outside = await mkdtemp(join(home, "elsewhere-"));
      const version = await sh(`${global}/bin/taxiway --version`, outside, installEnv);
      expect(version.code, version.stderr).toBe(0);
      // On the machine's own Node 20 the installed command refuses in one line (it crashed on node:sqlite).
      const old = await sh(`${global}/bin/taxiway --version`, outside, env);
      if (!/^v2[2-9]|^v[3-9]/.test((await sh("node --version", home, env)).stdout)) {
        expect(old.code).toBe(1);
        expect(old.stderr.trim()).toMatch(/^taxiway: NODE_TOO_OLD: taxiway needs Node\.js 22\.19 or newer/);
      }
      const elsewhereDemo = await sh(`${global}/bin/taxiway demo --log-level warn`, outside, installEnv);
      expect(elsewhereDemo.code, elsewhereDemo.stderr).toBe(0);
      expect(existsSync(join(outside, "taxiway-demo/out/demo.csv"))).toBe(true);
    },
    15 * 60_000,
  );
});
