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
