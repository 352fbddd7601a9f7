import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORE_VERSION, ConfigError, ConnectorRegistry, loadConnector } from "../../src/index.js";

const good = (coreVersion: string) => `
export const connector = {
  type: "probe", version: "1.0.0", coreVersion: ${JSON.stringify(coreVersion)},
  configSchema: { type: "object", additionalProperties: false, properties: {} },
  create() { throw new Error("not used"); },
};`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "taxiway-loader-"));
  await writeFile(join(dir, "good.mjs"), good(`^${CORE_VERSION}`));
  await writeFile(join(dir, "old.mjs"), good("^99.0.0"));
  await writeFile(
    join(dir, "default.mjs"),
    `export default ${good("*").replace("export const connector =", "").trim()}`,
  );
  await writeFile(
    join(dir, "broken.mjs"),
    `export const connector = { type: "Bad Name", coreVersion: "soon" };`,
  );
  await writeFile(join(dir, "nothing.mjs"), `export const something = 1;`);
  await writeFile(join(dir, "throws.mjs"), `throw new Error("boom at import");`);
  const pkg = join(dir, "node_modules", "@acme", "taxiway-probe");
  await mkdir(pkg, { recursive: true });
  await writeFile(
    join(pkg, "package.json"),
    JSON.stringify({
      name: "@acme/taxiway-probe",
      type: "module",
      exports: { ".": { import: "./entry.mjs" } },
    }),
  );
  await writeFile(join(pkg, "entry.mjs"), good(`^${CORE_VERSION}`));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function failure(spec: string): Promise<ConfigError> {
  const error = await loadConnector(spec, { baseDir: dir }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe("loadConnector", () => {
  it("loads a path relative to the job's directory, from `connector` or `default`", async () => {
    expect((await loadConnector("./good.mjs", { baseDir: dir })).type).toBe("probe");
    expect((await loadConnector("./default.mjs", { baseDir: dir })).type).toBe("probe");
  });

  it("finds a third-party package by name from the job's directory, import-only exports included", async () => {
    expect((await loadConnector("@acme/taxiway-probe", { baseDir: dir })).type).toBe("probe");
  });

  it("loads a package folder given as a path, through its package.json", async () => {
    expect((await loadConnector("./node_modules/@acme/taxiway-probe", { baseDir: dir })).type).toBe("probe");
  });

  it("finds bundled connectors by type", async () => {
    const csv = await loadConnector("csv", { baseDir: dir });
    expect(csv.type).toBe("csv");
  });

  it("prefers a registered descriptor", async () => {
    const registry = new ConnectorRegistry();
    const probe = await loadConnector("./good.mjs", { baseDir: dir });
    registry.register(probe);
    expect(await loadConnector("probe", { registry })).toBe(probe);
    expect(registry.types()).toEqual(["probe"]);
  });

  it("says exactly what is wrong with a malformed export", async () => {
    const error = await failure("./broken.mjs");
    expect(error.code).toBe("CONNECTOR_INVALID");
    const problems = error.details.problems as string[];
    expect(problems.some((p) => p.startsWith('"type"'))).toBe(true);
    expect(problems.some((p) => p.startsWith('"version"'))).toBe(true);
    expect(problems.some((p) => p.startsWith('"coreVersion"'))).toBe(true);
    expect(problems.some((p) => p.startsWith('"configSchema"'))).toBe(true);
    expect(problems.some((p) => p.startsWith('"create"'))).toBe(true);
    expect((await failure("./nothing.mjs")).message).toMatch(/neither "connector" nor a default export/);
  });

  it("refuses a connector built for another core", async () => {
    const error = await failure("./old.mjs");
    expect(error.code).toBe("CONNECTOR_INCOMPATIBLE");
    expect(error.message).toContain("^99.0.0");
    expect(error.message).toContain(CORE_VERSION);
  });

  it("reports missing packages and files, and import failures", async () => {
    expect((await failure("@nobody/taxiway-nothing")).code).toBe("CONNECTOR_NOT_FOUND");
    expect((await failure("./absent.mjs")).code).toBe("CONNECTOR_NOT_FOUND");
    const thrown = await failure("./throws.mjs");
    expect(thrown.code).toBe("CONNECTOR_INVALID");
    expect(thrown.message).toContain("boom at import");
  });
});
