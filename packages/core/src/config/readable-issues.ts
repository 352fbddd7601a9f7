import type { ErrorObject } from "ajv";
import type { JsonSchema } from "../sink/index.js";
import { closestName } from "./closest-name.js";
import {
  alternativesAsOne,
  formatInWords,
  onlyChosenBranches,
  patternInWords,
  suggestionFor,
  typosOverMissingKeys,
  withoutWrappers,
} from "./schema-errors.js";
import { withVerboseFields } from "./verbose-fields.js";

export interface SchemaIssue {
  path: (string | number)[];
  /** The key an `additionalProperties` error is about, when there is one. */
  key?: string;
  message: string;
}

/**
 * The validate function ajv compiles (`verbose` on, so errors carry `schema`, `parentSchema`, `data`) or generates
 * (without them: readableValidator adds them).
 */
export interface RawValidate {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
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
    case "additionalProperties": {
      const suggestion = suggestionFor(error);
      return {
        path: [...path, String(params.additionalProperty)],
        key: String(params.additionalProperty),
        message: suggestion
          ? `unknown key; did you mean '${suggestion}'?`
          : "unknown key (check the spelling; see `taxiway schema`)",
      };
    }
    case "required": {
      const alternatives = params.alternatives as string[] | undefined;
      if (alternatives)
        return {
          path,
          message: `missing required key: one of ${alternatives.map((key) => `'${key}'`).join(", ")}`,
        };
      return { path, message: `missing required key '${String(params.missingProperty)}'` };
    }
    case "enum": {
      const allowed = params.allowedValues as unknown[];
      const meant =
        typeof error.data === "string"
          ? closestName(
              error.data,
              allowed.filter((value): value is string => typeof value === "string"),
            )
          : undefined;
      return {
        path,
        message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}${meant ? `; did you mean '${meant}'?` : ""}`,
      };
    }
    case "const":
      return { path, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case "pattern":
      return { path, message: patternInWords(String(params.pattern)) };
    case "format":
      return { path, message: formatInWords(String(params.format)) };
    case "not": {
      // The only `not` of the job schema: keys that exclude each other (schedule / interval).
      const keys = (error.schema as { required?: string[] } | undefined)?.required ?? [];
      if (keys.length < 2) return { path, message: error.message ?? "is invalid" };
      return {
        path: [...path, keys.at(-1) as string],
        message: `${keys.join(" and ")} exclude each other: keep one`,
      };
    }
    default:
      return { path, message: error.message ?? "is invalid" };
  }
}

/**
 * Turns a validate function (compiled at run time or generated at build time) into one that returns every problem a
 * person should fix, and only those: the branch a `type` names, did-you-mean for misspelt keys, durations and sizes
 * in words (see schema-errors.ts). `schema`: the schema `validate` checks, for a validator generated without ajv's
 * `verbose` option (its errors get the fields that option adds: verbose-fields.ts).
 */
export function readableValidator(
  validate: RawValidate,
  schema?: JsonSchema,
): (value: unknown) => SchemaIssue[] {
  return (value) => {
    if (validate(value)) return [];
    const raw = validate.errors ?? [];
    const verbose = schema ? raw.map((error) => withVerboseFields(error, schema, value)) : raw;
    const errors = alternativesAsOne(typosOverMissingKeys(withoutWrappers(onlyChosenBranches(verbose))));
    return errors.map(describe);
  };
}
