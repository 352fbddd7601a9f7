import type { JsonSchema } from "../sink/index.js";
import { type RawValidate, readableValidator, type SchemaIssue } from "./readable-issues.js";

/** A validator generated at build time (`precompiledValidatorModule`), with the JSON text of the schema it checks. */
export interface GeneratedValidator {
  validate: RawValidate;
  schemaText: string;
}

/**
 * Validators generated at build time, found by `schemaKey` of the schema they were generated from. The CLI passes
 * the ones of its bundled connectors; undefined for any other key.
 */
export type PrecompiledValidators = (schemaKey: string) => Promise<GeneratedValidator | undefined>;

/** The identity of a schema: its JSON text. A generated validator is used only for a schema of this very text. */
export function schemaText(schema: JsonSchema): string {
  return JSON.stringify(schema);
}

/** Every how many UTF-16 code units of the schema text the key hashes (see schemaKey). */
const KEY_STRIDE = 4;

/**
 * The key a generated validator is looked up by: the length of the schema's JSON text and a 32-bit FNV-1a hash
 * (http://www.isthe.com/chongo/tech/comp/fnv/) of every 4th of its UTF-16 code units, in hex. A key finds a candidate
 * and proves nothing: `jobValidator` uses the candidate only when its schema text is this schema's, so a schema
 * changed without a rebuild is compiled, never checked by a stale validator. Not SHA-256 of the whole text: the
 * lookup then needs no `node:crypto` (about 5 ms to load), and hashes 6,000 code units, not 26,000, in code that
 * runs once, cold (about 0.3 ms instead of 2.5).
 */
export function schemaKey(schema: JsonSchema): string {
  const text = schemaText(schema);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += KEY_STRIDE) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `${text.length.toString(16)}-${(hash >>> 0).toString(16).padStart(8, "0")}`;
}

/**
 * The job validator for `schema`: the precompiled one when `precompiled` has one generated from this very schema (no
 * schema compilation, ajv's compiler is never loaded), else compiled now. Both report the same issues (test:
 * precompiled-validator.test.ts).
 */
export async function jobValidator(
  schema: JsonSchema,
  precompiled?: PrecompiledValidators,
): Promise<(value: unknown) => SchemaIssue[]> {
  const generated = precompiled ? await precompiled(schemaKey(schema)) : undefined;
  if (generated && generated.schemaText === schemaText(schema))
    return readableValidator(generated.validate, schema);
  const { compileValidator } = await import("./validate.js");
  return compileValidator(schema);
}
