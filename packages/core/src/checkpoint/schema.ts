import type { ErrorObject } from "ajv";
import type { RawValidate } from "../config/readable-issues.js";
import { CHECKPOINT_SCHEMA } from "./shape-schema.js";

export { CHECKPOINT_SCHEMA } from "./shape-schema.js";

let validator: Promise<RawValidate> | undefined;

/**
 * The checkpoint shape validator: generated at build time (scripts/precompile.mjs writes
 * dist/checkpoint/generated-shape-validator.js), so reading a checkpoint never loads ajv's compiler; compiled on
 * first use where that module does not exist (the sources run by the tests).
 */
function shapeValidator(): Promise<RawValidate> {
  validator ??= import("./generated-shape-validator.js").then(
    (generated) => generated.validate,
    async () =>
      (await import("../config/validate.js")).configAjv({ strict: false }).compile(CHECKPOINT_SCHEMA),
  );
  return validator;
}

function describe(error: ErrorObject): string {
  const at = error.instancePath.replace(/^\//, "").replace(/\//g, ".") || "(the document)";
  if (error.keyword === "additionalProperties")
    return `${at}: unknown key '${(error.params as { additionalProperty: string }).additionalProperty}'`;
  return `${at}: ${error.message}`;
}

/** What is wrong with a parsed checkpoint's shape, one line per problem (empty when it is fine). */
export async function checkpointShapeProblems(document: unknown): Promise<string[]> {
  const validate = await shapeValidator();
  if (validate(document)) return [];
  return (validate.errors ?? []).map(describe);
}
