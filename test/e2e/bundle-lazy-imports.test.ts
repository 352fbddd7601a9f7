// The standalone bundle (`pnpm package`: esbuild, one ES module split into chunks) loads what start-up no longer loads
// eagerly (yaml, pino-pretty, @streamparser/json, pg, the generated validators) through `import()` of chunks whose
// CommonJS exports sit on `default` only. Issue 24 regressions found by hand: a job file could not be read
// (`yaml.LineCounter is not a constructor`) and pretty logs failed (`Cannot find module 'pino-pretty'`).
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProcess } from "./binary.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
let dir: string;
let bundle: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "taxiway-bundle-"));
  const packaged = await runProcess(
    process.execPath,
    [join(REPO, "scripts/package.mjs"), "--out", join(dir, "build")],
    { cwd: REPO },
  );
  if (packaged.code !== 0) throw new Error(`scripts/package.mjs exited ${packaged.code}: ${packaged.stderr}`);
  bundle = join(dir, "build/package/packages/cli/dist/taxiway.mjs");
  await writeFile(join(dir, "empty.json"), '{"type":"bundle","id":"bundle--1","objects":[]}');
  await writeFile(
    join(dir, "job.yaml"),
    `name: bundled
source: { type: stix-bundle, path: ./empty.json }
checkpoint: { path: ./state/bundled.json }
sinks:
  - { type: csv, path: ./out/bundled.csv, columns: [type, value] }
`,
  );
}, 180_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const taxiway = (args: string[]) => runProcess(process.execPath, [bundle, ...args], { cwd: dir });

describe("the standalone bundle loads on use what start-up defers", () => {
  it("names each chunk as the image allows (taxiway-NAME-HASH.mjs: a dot in NAME failed the image test)", async () => {
    const files = await readdir(join(dir, "build/package/packages/cli/dist"));
    expect(
      files.filter(
        (file) => !/^(taxiway(-[a-z0-9-]+-[A-Z0-9]+)?\.mjs(\.LEGAL\.txt)?|native\.wasm)$/.test(file),
      ),
    ).toEqual([]);
  });

  it("validates a job file (yaml, the generated validator)", async () => {
    const run = await taxiway(["validate", "job.yaml"]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("job.yaml: ok (job bundled, 1 sink)\n");
  });

  it("runs a STIX bundle job with pretty logs (pino-pretty, the bundle reader, the checkpoint validator)", async () => {
    for (let round = 0; round < 2; round++) {
      const run = await taxiway(["run", "job.yaml", "--log-format", "pretty"]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/INFO: polling/);
    }
  });

  it("reports a config error with its line, as the unbundled CLI does", async () => {
    await writeFile(
      join(dir, "bad.yaml"),
      "name: bad\nsource: { type: stix-bundle, path: ./empty.json }\nsinks:\n  - { type: csv, pth: x }\n",
    );
    const bundled = await taxiway(["validate", "bad.yaml"]);
    const unbundled = await runProcess(
      process.execPath,
      [join(REPO, "packages/cli/dist/bin.js"), "validate", "bad.yaml"],
      { cwd: dir },
    );
    expect(bundled.code).toBe(2);
    expect(bundled.stderr).toBe(unbundled.stderr);
    expect(bundled.stderr).toMatch(/sinks\[0\]\.pth: unknown key; did you mean 'path'\? \(bad\.yaml:4:/);
  });
});
