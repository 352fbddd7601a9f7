import { Ajv, type Options } from "ajv";
import addFormatsModule from "ajv-formats";
import type { JsonSchema } from "../sink/index.js";
import { TAXIWAY_FORMATS } from "./formats.js";
import { readableValidator, type SchemaIssue } from "./readable-issues.js";

export type { SchemaIssue } from "./readable-issues.js";

// ajv-formats is CommonJS with a default export; under NodeNext the import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

/**
 * An Ajv set up for taxiway's schemas: formats (ajv-formats, and `duration`/`size`/`cron` checked by the same parsers
 * that read them at run time, so one place decides), and the `x-secret` annotation. Connector authors' tests use it
 * too. `code` passes ajv's code-generation options through (standalone generation sets `source`, `esm`, `formats`).
 */
export function configAjv(
  options: { strict?: boolean; verbose?: boolean; code?: Options["code"] } = {},
): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    useDefaults: false,
    strict: options.strict ?? true,
    verbose: options.verbose,
    ...(options.code ? { code: options.code } : {}),
  });
  addFormats(ajv);
  ajv.addKeyword({ keyword: "x-secret", schemaType: "boolean" });
  for (const [name, format] of Object.entries(TAXIWAY_FORMATS)) ajv.addFormat(name, format);
  return ajv;
}

/** The options every job validator is built with, compiled here or generated at build time (precompile.ts). */
export const JOB_VALIDATOR_OPTIONS = { strict: false, verbose: true } as const;

/**
 * Compiles a job schema into a validator that returns every problem a person should fix, and only those (see
 * readable-issues.ts). Loads and runs ajv's compiler: `loadJobFile` uses a build-time generated validator instead
 * when one matches the schema (job-validator.ts).
 */
export function compileValidator(schema: JsonSchema): (value: unknown) => SchemaIssue[] {
  return readableValidator(configAjv(JOB_VALIDATOR_OPTIONS).compile(schema));
}
