// Build step (after tsc): the job validator of each bundled connector type, generated with ajv's standalone code
// (@taxiway/core/schema-compiler), into dist/precompiled/, so `taxiway validate` and `run` compile no schema at
// start-up. Each module is for the schema of a job whose sinks are all of that type; src/precompiled-validators.ts
// picks one by schema key.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { buildJobSchema } from "@taxiway/core";
import { precompiledValidatorModule } from "@taxiway/core/schema-compiler";

const out = new URL("../dist/precompiled/", import.meta.url);
const { bundledRegistry } = await import(new URL("../dist/bundled-connectors.js", import.meta.url).href);
const registry = bundledRegistry();

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const entries = [];
const schemas = [];
for (const type of registry.types()) {
  const descriptor = await registry.resolve(type);
  const code = precompiledValidatorModule(buildJobSchema([{ ...descriptor, type }]));
  const key = /export const schemaKey = "([0-9a-f-]+)"/.exec(code)?.[1];
  // A key only finds a candidate (core compares the schema text): two types under one key would hide one of them.
  if (!key || entries.some((entry) => entry.includes(JSON.stringify(key))))
    throw new Error(`precompile: no key, or a key shared with another connector type, for "${type}": ${key}`);
  await writeFile(new URL(`${type}.js`, out), code);
  entries.push(`  ${JSON.stringify(key)}: () => import(${JSON.stringify(`./${type}.js`)}),`);
  await writeFile(
    new URL(`${type}-schema.js`, out),
    `export const configSchema = JSON.parse(${JSON.stringify(JSON.stringify(descriptor.configSchema))});\n`,
  );
  schemas.push(`  ${JSON.stringify(type)}: () => import(${JSON.stringify(`./${type}-schema.js`)}),`);
}
await writeFile(
  new URL("index.js", out),
  `// Generated at build time by scripts/precompile-validators.mjs: do not edit.\nexport const PRECOMPILED = {\n${entries.join("\n")}\n};\nexport const CONNECTOR_SCHEMAS = {\n${schemas.join("\n")}\n};\n`,
);
