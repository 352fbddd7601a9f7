// Build step (after tsc): generates core's own precompiled validator (ajv standalone code), so reading a checkpoint
// never compiles a schema at run time. See src/config/precompile.ts.
import { writeFile } from "node:fs/promises";

const dist = new URL("../dist/", import.meta.url);
const { precompiledValidatorModule } = await import(new URL("config/precompile.js", dist).href);
const { CHECKPOINT_SCHEMA } = await import(new URL("checkpoint/shape-schema.js", dist).href);

await writeFile(
  new URL("checkpoint/generated-shape-validator.js", dist),
  precompiledValidatorModule(CHECKPOINT_SCHEMA, "../config/validator-runtime.js", { verbose: false }),
);
