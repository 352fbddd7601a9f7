import { Ajv, type ErrorObject } from "ajv";

/** The shape of a checkpoint file (format 1). Sink states are each sink's own and are not checked here. */
export const CHECKPOINT_SCHEMA = {
  type: "object",
  required: ["format", "job", "revision", "collections", "sinks"],
  properties: {
    format: { const: 1 },
    job: { type: "string" },
    revision: { type: "integer", minimum: 0 },
    updated_at: { type: "string" },
    collections: {
      type: "object",
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        properties: {
          added_after: { type: "string", minLength: 1 },
          boundary_ids: { type: "array", items: { type: "string" } },
          boundary_complete: { type: "boolean" },
          strategy: { enum: ["header", "manifest", "seen-index"] },
          seen_generation: { type: "integer", minimum: 0 },
          next: { type: "string" },
          state: { type: "object" },
        },
      },
    },
    sinks: { type: "object" },
    last_run: { type: "object" },
  },
} as const;

const validate = new Ajv({ allErrors: true, strict: false }).compile(CHECKPOINT_SCHEMA);

function describe(error: ErrorObject): string {
  const at = error.instancePath.replace(/^\//, "").replace(/\//g, ".") || "(the document)";
  if (error.keyword === "additionalProperties")
    return `${at}: unknown key '${(error.params as { additionalProperty: string }).additionalProperty}'`;
  return `${at}: ${error.message}`;
}

/** What is wrong with a parsed checkpoint's shape, one line per problem (empty when it is fine). */
export function checkpointShapeProblems(document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map(describe);
}
