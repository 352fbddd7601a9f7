import equalModule from "ajv/dist/runtime/equal.js";
import ucs2lengthModule from "ajv/dist/runtime/ucs2length.js";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { TAXIWAY_FORMATS } from "./formats.js";

/**
 * What the validators generated at build time (precompile.ts) call at run time: ajv's small runtime helpers and the
 * formats configAjv adds, without ajv's compiler. Published as `@taxiway/core/validator-runtime`.
 */

// CommonJS modules with `exports.default`: the default import is module.exports (Node, and esbuild for ES modules).
const fromDefault = <T>(module: unknown): T => ((module as { default?: T }).default ?? module) as T;

/** ajv's runtime helpers the job and checkpoint schemas need, by the name of their file under ajv/dist/runtime/. */
export const runtime: Readonly<Record<string, unknown>> = {
  equal: fromDefault(equalModule),
  ucs2length: fromDefault(ucs2lengthModule),
};

/** Every format configAjv knows: ajv-formats' full set and taxiway's own. */
export const formats: Readonly<Record<string, unknown>> = { ...fullFormats, ...TAXIWAY_FORMATS };
