import type { ErrorObject } from "ajv";
import type { JsonSchema } from "../sink/index.js";

/** The keys of a JSON pointer (RFC 6901), from the one ajv writes in `instancePath` ("/sinks/0/path"). */
function pointerKeys(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((key) => key.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The keys of ajv's `schemaPath`: a URI fragment ("#/properties/sinks/items") of percent-encoded pointer keys. */
function fragmentKeys(fragment: string): string[] {
  return pointerKeys(fragment.replace(/^#/, "")).map(decodeURIComponent);
}

function at(value: unknown, keys: readonly string[]): unknown {
  let node = value;
  for (const key of keys) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * An error of a validator generated without ajv's `verbose` option, with the three fields that option adds, found
 * as ajv finds them: `schema`, the keyword's value at `schemaPath`; `parentSchema`, the schema holding the keyword;
 * `data`, the value at `instancePath`. The generated job validators leave them out (a quarter of their code); the
 * readable stages need them for a few errors only. `root` must have no `$ref` (a referenced schema's errors are
 * pathed from it, not from the root): precompiledValidatorModule refuses such a schema without `verbose`. An error
 * that has them already is returned as it is.
 */
export function withVerboseFields(error: ErrorObject, root: JsonSchema, value: unknown): ErrorObject {
  if (error.parentSchema !== undefined) return error;
  const keys = fragmentKeys(error.schemaPath);
  return {
    ...error,
    schema: at(root, keys),
    parentSchema: at(root, keys.slice(0, -1)) as ErrorObject["parentSchema"],
    data: at(value, pointerKeys(error.instancePath)),
  };
}
