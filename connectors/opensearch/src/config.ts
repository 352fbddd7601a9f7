import { INDEX_SINK_PROPERTIES, type IndexSinkConfig } from "@taxiway/connector-elasticsearch";
import type { JsonSchema } from "@taxiway/core";

export interface OpenSearchSinkConfig extends IndexSinkConfig {
  node: string;
  auth?: { username: string; password: string };
  tls?: { ca_file?: string; insecure?: boolean };
}

export const configSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["node", "index"],
  properties: {
    node: {
      type: "string",
      pattern: "^https?://",
      description:
        "Cluster URL (a node or the load balancer in front), e.g. https://opensearch.example.com:9200",
    },
    auth: {
      type: "object",
      additionalProperties: false,
      required: ["username", "password"],
      description: "HTTP Basic credentials (the security plugin's internal users, or LDAP behind it).",
      properties: {
        username: { type: "string", minLength: 1 },
        password: { type: "string", minLength: 1, "x-secret": true, description: "Password." },
      },
    },
    tls: {
      type: "object",
      additionalProperties: false,
      properties: {
        ca_file: {
          type: "string",
          description: "PEM file of the CA to trust (the demo certificates' root-ca.pem).",
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
