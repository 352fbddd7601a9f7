import { type JsonSchema, type TaxiiSourceConfig, taxiiSourceSchema } from "@taxiway/core";

/** `sinks: [{ type: taxii, url, collection, auth }]`: the TAXII source's keys, with the same meaning. */
export type TaxiiSinkConfig = Pick<
  TaxiiSourceConfig,
  "url" | "auth" | "tls" | "proxy" | "timeouts" | "retries" | "max_response_bytes" | "headers"
> & {
  collection: string;
  /** Objects per POST at most (default 100), besides the server's max_content_length. */
  max_objects_per_request?: number;
};

const SHARED = [
  "url",
  "collection",
  "auth",
  "tls",
  "proxy",
  "timeouts",
  "retries",
  "max_response_bytes",
  "headers",
] as const;

export const configSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["url", "collection"],
  properties: {
    ...Object.fromEntries(SHARED.map((key) => [key, taxiiSourceSchema.properties[key]])),
    collection: {
      type: "string",
      minLength: 1,
      description: "Collection to publish to: its id, alias or title (it must be can_write).",
    },
    max_objects_per_request: {
      type: "integer",
      minimum: 1,
      maximum: 10000,
      default: 100,
      description:
        "Objects per POST at most, besides the server's max_content_length (medallion stalls on a POST larger than its page size).",
    },
  },
};
