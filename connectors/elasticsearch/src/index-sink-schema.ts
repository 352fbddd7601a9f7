import { type JsonSchema, sizeSchema } from "@taxiway/core";

/** Config keys of the shared index sink: the same in every search-engine connector's config. */
export const INDEX_SINK_PROPERTIES: Record<string, JsonSchema> = {
  index: {
    type: "string",
    pattern: "^[a-z0-9][a-z0-9._-]*$",
    description: "Target index or alias (lower case).",
  },
  flush_bytes: {
    ...sizeSchema("Largest bulk request body, 10kb to 100mb."),
    default: 5_000_000,
  },
  concurrency: {
    type: "integer",
    minimum: 1,
    maximum: 16,
    default: 2,
    description: "Bulk requests in flight.",
  },
  on_revoked: {
    enum: ["delete", "flag"],
    default: "delete",
    description: "Revoked or expired IOCs: delete the document, or keep it flagged.",
  },
  template: {
    description:
      "Index template with the ECS mappings, installed on open (and the index created). false: manage it yourself.",
    default: true,
    oneOf: [
      { type: "boolean" },
      {
        type: "object",
        additionalProperties: false,
        properties: {
          name: { type: "string", minLength: 1, description: "Template name (default taxiway-<index>)." },
          priority: {
            type: "integer",
            minimum: 0,
            default: 200,
            description: "Template priority; raise it above another template that matches the same index.",
          },
        },
      },
    ],
  },
  request_timeout: { type: "integer", minimum: 1000, default: 60_000, description: "Per request, ms." },
};
