import { Ajv, type ErrorObject } from "ajv";
import addFormatsModule from "ajv-formats";
import type { JsonSchema } from "../sink/index.js";
import { CRON_FORMAT, cronProblem } from "./schedule.js";
import {
  formatInWords,
  onlyChosenBranches,
  patternInWords,
  suggestionFor,
  typosOverMissingKeys,
  withoutWrappers,
} from "./schema-errors.js";
import { DURATION_FORMAT, parseDuration, parseSize, SIZE_FORMAT } from "./units.js";

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
    case "required":
      return { path, message: `missing required key '${String(params.missingProperty)}'` };
    case "enum":
      return {
        path,
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
      };
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
 * An Ajv set up for taxiway's schemas: formats (ajv-formats, and `duration`/`size` checked by the same parsers that
 * read them at run time, so one place decides), and the `x-secret` annotation. Connector authors' tests use it too.
 */
export function configAjv(options: { strict?: boolean; verbose?: boolean } = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    useDefaults: false,
    strict: options.strict ?? true,
    verbose: options.verbose,
  });
  addFormats(ajv);
  ajv.addKeyword({ keyword: "x-secret", schemaType: "boolean" });
  ajv.addFormat(DURATION_FORMAT, { type: "string", validate: (text) => parseDuration(text) !== undefined });
  ajv.addFormat(SIZE_FORMAT, { type: "string", validate: (text) => parseSize(text) !== undefined });
  ajv.addFormat(CRON_FORMAT, { type: "string", validate: (text) => cronProblem(text) === undefined });
  return ajv;
}

/**
 * Compiles a job schema into a validator that returns every problem a person should fix, and only those: the
 * branch a `type` names, did-you-mean for misspelt keys, durations and sizes in words (see schema-errors.ts).
 */
export function compileValidator(schema: JsonSchema): (value: unknown) => SchemaIssue[] {
  const validate = configAjv({ strict: false, verbose: true }).compile(schema);
  return (value) => {
    if (validate(value)) return [];
    const errors = typosOverMissingKeys(withoutWrappers(onlyChosenBranches(validate.errors ?? [])));
    return errors.map(describe);
  };
}
