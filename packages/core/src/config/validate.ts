import { Ajv, type ErrorObject } from "ajv";
import addFormatsModule from "ajv-formats";
import type { JsonSchema } from "../sink/index.js";

// ajv-formats is CommonJS with a default export; under NodeNext the import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

export interface SchemaIssue {
  path: (string | number)[];
  /** The key an `additionalProperties` error is about, when there is one. */
  key?: string;
  message: string;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function describe(error: ErrorObject): SchemaIssue {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties":
      return {
        path: [...path, String(params.additionalProperty)],
        key: String(params.additionalProperty),
        message: "unknown key (check the spelling; see `taxiway schema`)",
      };
    case "required":
      return { path, message: `missing required key '${String(params.missingProperty)}'` };
    case "enum":
      return {
        path,
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
      };
    case "const":
      return { path, message: `must be ${JSON.stringify(params.allowedValue)}` };
    default:
      return { path, message: error.message ?? "is invalid" };
  }
}

/** Drops the noise ajv adds around `if/then`, `anyOf` and `oneOf`, keeping the errors a human can act on. */
function useful(errors: readonly ErrorObject[]): ErrorObject[] {
  const kept = errors.filter((e) => e.keyword !== "if" && e.keyword !== "anyOf" && e.keyword !== "oneOf");
  // For anyOf (duration: string or number) ajv reports both branches; keep one message per path.
  const seen = new Set<string>();
  return kept.filter((error) => {
    const key = `${error.instancePath}|${error.keyword === "type" || error.keyword === "pattern" ? "shape" : `${error.keyword}${JSON.stringify(error.params)}`}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function compileValidator(schema: JsonSchema): (value: unknown) => SchemaIssue[] {
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false });
  addFormats(ajv);
  ajv.addKeyword({ keyword: "x-secret", schemaType: "boolean" });
  const validate = ajv.compile(schema);
  return (value) => (validate(value) ? [] : useful(validate.errors ?? []).map(describe));
}
