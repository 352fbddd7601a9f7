import type { JsonSchema } from "../sink/index.js";
import type { SourceDescriptor } from "./descriptor.js";

const DESCRIPTION =
  "Where the intel comes from: `type` names a bundled source (taxii, stix-bundle, misp-feed), a package or a path.";

function branch(source: SourceDescriptor): JsonSchema {
  const own = source.configSchema as { properties?: Record<string, unknown> };
  return {
    if: { properties: { type: { const: source.type } } },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
    then: {
      ...own,
      properties: { ...own.properties, type: { const: source.type, description: "Source kind." } },
      additionalProperties: false,
    },
  };
}

/**
 * The job schema's `source:` part: `type` picks the source's own schema, as `sinks[].type` picks a connector's
 * (config/schema.ts `sinkItemsSchema`).
 */
export function sourceSchema(sources: readonly SourceDescriptor[]): JsonSchema {
  return {
    type: "object",
    description: DESCRIPTION,
    required: ["type"],
    properties: { type: { enum: sources.map((s) => s.type), description: "Source kind." } },
    allOf: sources.map(branch),
  };
}
