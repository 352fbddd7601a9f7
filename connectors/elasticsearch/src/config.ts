import type { JsonSchema } from "@taxiway/core";

export interface ElasticsearchSinkConfig {
  node?: string;
  nodes?: string[];
  cloud_id?: string;
  index: string;
  auth?: { api_key: string } | { username: string; password: string } | { bearer: string };
  tls?: { ca_file?: string; ca_fingerprint?: string; insecure?: boolean };
  flush_bytes?: number;
  concurrency?: number;
  on_revoked?: "delete" | "flag";
  template?: boolean | { name?: string; priority?: number };
  request_timeout?: number;
}

const secret = (description: string) => ({ type: "string", minLength: 1, "x-secret": true, description });

export const configSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["index"],
  properties: {
    node: {
      type: "string",
      pattern: "^https?://",
      description: "Cluster URL, e.g. https://es.example.com:9200",
    },
    nodes: {
      type: "array",
      minItems: 1,
      items: { type: "string", pattern: "^https?://" },
      description: "Several node URLs.",
    },
    cloud_id: { type: "string", minLength: 1, description: "Elastic Cloud deployment id (instead of node)." },
    index: {
      type: "string",
      pattern: "^[a-z0-9][a-z0-9._-]*$",
      description: "Target index or alias (lower case).",
    },
    auth: {
      description: "Credentials: api_key, basic (username + password) or bearer.",
      oneOf: [
        {
          type: "object",
          additionalProperties: false,
          required: ["api_key"],
          properties: { api_key: secret("API key (base64 id:key).") },
        },
        {
          type: "object",
          additionalProperties: false,
          required: ["username", "password"],
          properties: { username: { type: "string", minLength: 1 }, password: secret("Password.") },
        },
        {
          type: "object",
          additionalProperties: false,
          required: ["bearer"],
          properties: { bearer: secret("Bearer token.") },
        },
      ],
    },
    tls: {
      type: "object",
      additionalProperties: false,
      properties: {
        ca_file: { type: "string", description: "PEM file of the CA to trust." },
        ca_fingerprint: {
          type: "string",
          description: "SHA-256 fingerprint of the cluster's CA (as Elasticsearch prints it).",
        },
        insecure: {
          type: "boolean",
          default: false,
          description: "Skip certificate verification (labs only).",
        },
      },
    },
    flush_bytes: {
      type: "integer",
      minimum: 10_000,
      maximum: 100_000_000,
      default: 5_000_000,
      description: "Largest bulk request body.",
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
  },
};
