// The standalone bundle (`pnpm package`: esbuild, one ES module split into chunks) loads what start-up no longer loads
// eagerly (yaml, pino-pretty, @streamparser/json, pg, the generated validators) through `import()` of chunks whose
// CommonJS exports sit on `default` only. Issue 24 regressions found by hand: a job file could not be read
// (`yaml.LineCounter is not a constructor`) and pretty logs failed (`Cannot find module 'pino-pretty'`).
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
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
        (file) =>
          !/^(taxiway(-[a-z0-9-]+-[A-Z0-9]+|-source-worker)?\.mjs(\.LEGAL\.txt)?|native\.wasm)$/.test(file),
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

  it("runs the source in its worker thread (delivery.worker: true), whose script the bundle ships beside the chunks", async () => {
    await writeFile(
      join(dir, "feed.json"),
      JSON.stringify({
        type: "bundle",
        id: "bundle--2",
        objects: [
          {
            type: "indicator",
            spec_version: "2.1",
            id: "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
            created: "2026-01-01T00:00:00.000Z",
            modified: "2026-01-01T00:00:00.000Z",
            pattern: "[ipv4-addr:value = '198.51.100.7']",
            pattern_type: "stix",
            valid_from: "2026-01-01T00:00:00Z",
          },
        ],
      }),
    );
    await writeFile(
      join(dir, "worker.yaml"),
      `name: in-worker
source: { type: stix-bundle, path: ./feed.json }
delivery: { worker: true }
sinks:
  - { type: csv, path: ./out/in-worker.csv, columns: [type, value] }
`,
    );
    const run = await taxiway(["run", "worker.yaml", "--log-level", "debug"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("the source runs in a worker thread");
    expect(await readFile(join(dir, "out/in-worker.csv"), "utf8")).toContain("ipv4,198.51.100.7");
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

  // Issue 24: semver's range code is loaded only for a range the plain caret check cannot decide, through a
  // `require` that esbuild must have bundled: a plugin connector's `>=` range is checked in the bundle too.
  it("checks a plugin connector's non-caret coreVersion range (semver, bundled)", async () => {
    for (const [name, range] of [
      ["fits", ">=0.1.0 <2"],
      ["too-new", ">=9.0.0 || 10.x"],
    ] as const) {
      await writeFile(join(dir, `${name}.mjs`), pluginConnector(name, range));
      await writeFile(
        join(dir, `${name}.yaml`),
        `name: ${name}\nsource: { type: stix-bundle, path: ./empty.json }\nsinks:\n  - { type: ./${name}.mjs }\n`,
      );
    }
    const fits = await taxiway(["validate", "fits.yaml"]);
    expect(fits.stderr).toBe("");
    expect(fits.code).toBe(0);
    const tooNew = await taxiway(["validate", "too-new.yaml"]);
    expect(tooNew.code).toBe(2);
    expect(tooNew.stderr).toMatch(/needs @taxiway\/core >=9\.0\.0 \|\| 10\.x, but this is 0\./);
  });
});

/** A connector module of its own file, declaring `range` as the core versions it works with. */
function pluginConnector(type: string, range: string): string {
  return `export const connector = {
  type: ${JSON.stringify(type)}, version: "1.0.0", coreVersion: ${JSON.stringify(range)},
  configSchema: { type: "object", properties: { type: {} } },
  create() { throw new Error("not run here"); },
};
`;
}
