import { httpSourceProperties } from "../source/http-schema.js";

/** JSON Schema of `source: { type: stix-bundle }` (without `type`). */
export const stixBundleSourceSchema = {
  type: "object",
  description: "STIX 2.x bundle files (paths, globs) or one bundle URL.",
  additionalProperties: false,
  oneOf: [{ required: ["path"] }, { required: ["url"] }],
  properties: {
    path: {
      description: "A bundle file or a glob (`./intel/*.json`), or a list of them, relative to the job file.",
      oneOf: [
        { type: "string", minLength: 1 },
        { type: "array", minItems: 1, items: { type: "string", minLength: 1 } },
      ],
    },
    url: { type: "string", pattern: "^https?://", description: "HTTP(S) URL of one bundle." },
    page_size: {
      type: "integer",
      minimum: 1,
      maximum: 100000,
      default: 1000,
      description: "Objects per page (the unit of progress).",
    },
    ...httpSourceProperties,
  },
} as const;
