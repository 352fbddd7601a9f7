import { createHash } from "node:crypto";
import type { JsonSchema } from "../sink/index.js";
import { type RawValidate, readableValidator, type SchemaIssue } from "./readable-issues.js";

/**
 * Validators generated at build time (`precompiledValidatorModule`), found by the key of the schema they were
 * generated from. The CLI passes the ones of its bundled connectors; undefined for any other schema.
 */
export type PrecompiledValidators = (schemaKey: string) => Promise<RawValidate | undefined>;

/**
 * The identity of a schema: SHA-256 (hex) of its JSON text. A precompiled validator is used only for the very schema
 * it was generated from, so a schema changed without a rebuild falls back to compiling, never to stale checks.
 */
export function schemaKey(schema: JsonSchema): string {
  return createHash("sha256").update(JSON.stringify(schema)).digest("hex");
}

/**
 * The job validator for `schema`: the precompiled one when `precompiled` has it (no schema compilation, ajv's compiler
 * is never loaded), else compiled now. Both report the same issues (test: precompiled-validator.test.ts).
 */
export async function jobValidator(
  schema: JsonSchema,
  precompiled?: PrecompiledValidators,
): Promise<(value: unknown) => SchemaIssue[]> {
  const generated = precompiled ? await precompiled(schemaKey(schema)) : undefined;
  if (generated) return readableValidator(generated);
  const { compileValidator } = await import("./validate.js");
  return compileValidator(schema);
}
