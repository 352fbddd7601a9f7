// What the CLI loads at start: a cron tool pays for the connectors and commands it uses, not for every one bundled.
// Each case runs the built binary in a child process with a module-loader hook that writes every loaded URL to a file.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatedIndicators, startTaxiiServer, type TaxiiServer } from "@taxiway/testkit/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, runProcess } from "./binary.js";

const HOOK = `import { registerHooks } from "node:module";
import { writeFileSync } from "node:fs";
const loaded = [];
registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
process.on("exit", () => writeFileSync(process.env.TAXIWAY_LOADED_LOG, loaded.join("\\n")));
`;

let dir: string;
let server: TaxiiServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "taxiway-lazy-"));
  await writeFile(join(dir, "hook.mjs"), HOOK);
  server = await startTaxiiServer({
    collections: [{ id: "c", title: "C", objects: generatedIndicators(50, 3) }],
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
});

/** Runs `taxiway ARGS` with the hook; resolves with the exit code and the module URLs it loaded. */
async function loadedBy(args: string[], name: string): Promise<{ code: number | null; urls: string[] }> {
  const log = join(dir, `${name}.loaded`);
  const run = await runProcess(process.execPath, ["--import", join(dir, "hook.mjs"), BIN, ...args], {
    cwd: dir,
    env: { TAXIWAY_LOADED_LOG: log },
  });
  if (run.code !== 0) throw new Error(`taxiway ${args.join(" ")} exited ${run.code}: ${run.stderr}`);
  return { code: run.code, urls: (await readFile(log, "utf8")).split("\n") };
}

const fromPackage = (urls: string[], pattern: RegExp) => urls.filter((url) => pattern.test(url));

describe("start-up loads only what the command needs", () => {
  it("taxiway --version loads neither core's index nor any client library", async () => {
    const { urls } = await loadedBy(["--version"], "version");
    expect(fromPackage(urls, /packages\/core\/dist\/index\.js$/)).toEqual([]);
    expect(
      fromPackage(urls, /node_modules\/(undici|ajv|yaml|pino|prom-client|@elastic|@opensearch-project)\//),
    ).toEqual([]);
    expect(fromPackage(urls, /connectors\/|connector-/)).toEqual([]);
    expect(urls.length).toBeLessThan(30);
  });

  it("a CSV job's run never loads the Elasticsearch, OpenSearch or Splunk connectors or their clients", async () => {
    await writeFile(
      join(dir, "csv.yaml"),
      `name: lazy
source: { type: taxii, url: "${server.url}", collection: c, page_size: 20 }
logging: { level: warn }
sinks:
  - { type: csv, path: ./out/lazy.csv, columns: [type, value] }
`,
    );
    const { urls } = await loadedBy(["run", "csv.yaml"], "run");
    expect(fromPackage(urls, /connectors\/csv\/dist\/|connector-csv\//).length).toBeGreaterThan(0);
    expect(
      fromPackage(
        urls,
        /@elastic\/elasticsearch|@opensearch-project|connectors\/(elasticsearch|opensearch|splunk-hec)\//,
      ),
    ).toEqual([]);
    expect(fromPackage(urls, /testkit\//)).toEqual([]);
    expect(await readFile(join(dir, "out/lazy.csv"), "utf8")).toContain("ipv4");
  });

  // Issue 24 (start like a cron tool): validate read core's whole index, every client library it imports (pg, pino,
  // pino-pretty, semver's index) and compiled the job schema with ajv at each start (0.35 s); the connectors' schemas
  // and the job validators now come from the build (packages/cli/dist/precompiled/).
  it("taxiway validate of a CSV job loads no connector, no client library and no schema compiler", async () => {
    await writeFile(
      join(dir, "validate.yaml"),
      `name: lazy-validate
source: { type: taxii, url: "http://127.0.0.1:9/taxii2/", collection: c }
checkpoint: { path: ./state/lazy.json }
sinks:
  - { type: csv, path: ./out/lazy.csv, columns: [type, value] }
`,
    );
    const { urls } = await loadedBy(["validate", "validate.yaml"], "validate");
    expect(fromPackage(urls, /packages\/core\/dist\/index\.js$/)).toEqual([]);
    expect(
      fromPackage(
        urls,
        /node_modules\/(pg|pg-[a-z-]+|undici|pino|pino-pretty|prom-client|@streamparser|@elastic|@opensearch-project)\//,
      ),
    ).toEqual([]);
    expect(fromPackage(urls, /node_modules\/ajv\/dist\/(ajv|core|compile\/)/)).toEqual([]);
    expect(fromPackage(urls, /node_modules\/semver\/index\.js$/)).toEqual([]);
    expect(fromPackage(urls, /(^|\/)connectors\/[a-z-]+\/dist\/|connector-/)).toEqual([]);
    expect(fromPackage(urls, /packages\/core\/dist\/(pipeline|taxii\/client|http)\//)).toEqual([]);
    // The validator generated at build time for a CSV job, and the CSV connector's schema recorded with it.
    expect(fromPackage(urls, /packages\/cli\/dist\/precompiled\/csv(-schema)?\.js$/).length).toBe(2);
    // The YAML parser bundled into one module at build time, not the yaml package's 72 CommonJS files.
    expect(fromPackage(urls, /packages\/core\/dist\/config\/generated-yaml\.js$/).length).toBe(1);
    expect(fromPackage(urls, /node_modules\/yaml\//)).toEqual([]);
    // The generated validator is looked up by a short hash and checked by its schema text: no node:crypto (~5 ms).
    expect(urls).not.toContain("node:crypto");
  });

  // Issue 24: every bundled connector declares a plain caret range (`^0.1.0`), decided without semver's 20 modules.
  it("neither validate nor a CSV job's run loads semver; a plugin connector's `>=` range does", async () => {
    const validated = await loadedBy(["validate", "validate.yaml"], "validate-semver");
    expect(fromPackage(validated.urls, /node_modules\/semver\//)).toEqual([]);
    const ran = await loadedBy(["run", "csv.yaml"], "run-semver");
    expect(fromPackage(ran.urls, /connectors\/csv\/dist\//).length).toBeGreaterThan(0);
    expect(fromPackage(ran.urls, /node_modules\/semver\//)).toEqual([]);

    await writeFile(
      join(dir, "plugin.mjs"),
      `export const connector = { type: "plugin", version: "1.0.0", coreVersion: ">=0.1.0 <2",
  configSchema: { type: "object", properties: { type: {} } }, create() { throw new Error("not run here"); } };\n`,
    );
    await writeFile(
      join(dir, "plugin.yaml"),
      `name: plugin\nsource: { type: taxii, url: "http://127.0.0.1:9/taxii2/", collection: c }\nsinks:\n  - { type: ./plugin.mjs }\n`,
    );
    const plugin = await loadedBy(["validate", "plugin.yaml"], "validate-plugin");
    expect(fromPackage(plugin.urls, /node_modules\/semver\/functions\/satisfies\.js$/).length).toBe(1);
  });

  it("a CSV job's run compiles no schema and loads neither pg nor pino-pretty (logs to a pipe are JSON)", async () => {
    const { urls } = await loadedBy(["run", "csv.yaml"], "run-again");
    expect(fromPackage(urls, /node_modules\/ajv\/dist\/(ajv|core|compile\/)/)).toEqual([]);
    expect(fromPackage(urls, /node_modules\/(pg|pino-pretty|@streamparser)\//)).toEqual([]);
    expect(fromPackage(urls, /packages\/cli\/dist\/precompiled\/csv\.js$/).length).toBe(1);
    expect(fromPackage(urls, /checkpoint\/generated-shape-validator\.js$/).length).toBe(1);
  });

  it("taxiway extract --stdin loads the pattern extraction only: not core's index, the YAML parser or a client", async () => {
    const { urls } = await loadedBy(["extract", "--stdin"], "extract-stdin");
    expect(fromPackage(urls, /packages\/core\/dist\/index\.js$/)).toEqual([]);
    expect(fromPackage(urls, /node_modules\/(yaml|ajv|pino|pg|undici|prom-client)\//)).toEqual([]);
    expect(fromPackage(urls, /packages\/core\/dist\/ioc\/pattern-observables\//).length).toBeGreaterThan(0);
  });
});
