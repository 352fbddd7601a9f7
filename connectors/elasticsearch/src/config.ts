import { type JsonSchema, SEARCH_AUTH_VARIANTS } from "@taxiway/core";
import type { IndexSinkConfig } from "./index-sink.js";
import { INDEX_SINK_PROPERTIES } from "./index-sink-schema.js";

export interface ElasticsearchSinkConfig extends IndexSinkConfig {
  node?: string;
  nodes?: string[];
  cloud_id?: string;
  auth?: { api_key: string } | { username: string; password: string } | { bearer: string };
  tls?: { ca_file?: string; ca_fingerprint?: string; insecure?: boolean };
}

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
    auth: {
      description: "Credentials: api_key, basic (username + password) or bearer.",
      oneOf: SEARCH_AUTH_VARIANTS,
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
    ...INDEX_SINK_PROPERTIES,
  },
};
