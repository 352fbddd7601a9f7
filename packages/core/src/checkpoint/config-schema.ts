import { durationSchema } from "../config/units.js";
import type { JsonSchema } from "../sink/index.js";

const secret = (description: string) => ({ type: "string", minLength: 1, "x-secret": true, description });

/**
 * The credentials a search cluster (Elasticsearch, OpenSearch) takes, one object per kind: an API key, basic
 * (username + password) or a bearer token. The search sinks and the search checkpoint store share them.
 */
export const SEARCH_AUTH_VARIANTS: JsonSchema[] = [
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
];

/** `checkpoint:` of a job: the file store (default) or a shared store with leases. */
export const checkpointConfigSchema = {
  type: "object",
  additionalProperties: false,
  description: "Where progress is kept, and who may run the job (leases).",
  properties: {
    type: {
      enum: ["file", "postgres", "elasticsearch", "opensearch"],
      default: "file",
      description:
        "file (one machine or one volume), or a store shared by many workers: postgres, elasticsearch, opensearch.",
    },
    path: {
      type: "string",
      minLength: 1,
      description: "type file: the checkpoint file (default ./state/<name>.json).",
    },
    url: {
      type: "string",
      pattern: "^(postgres(ql)?|https?)://",
      description:
        "postgres: postgresql://user:password@host:5432/db (libpq URL, sslmode=…); elasticsearch/opensearch: the cluster URL. A password in it is masked in every message.",
    },
    index: {
      type: "string",
      pattern: "^[a-z0-9][a-z0-9._-]*$",
      description:
        "elasticsearch/opensearch: the index of job documents (default taxiway-checkpoints; <index>-seen and <index>-history beside it).",
    },
    auth: {
      description: "elasticsearch/opensearch credentials, as the sinks take them: api_key, basic or bearer.",
      oneOf: SEARCH_AUTH_VARIANTS,
    },
    tls: {
      type: "object",
      additionalProperties: false,
      properties: {
        ca_file: { type: "string", description: "PEM file of the CA to trust." },
        insecure: {
          type: "boolean",
          default: false,
          description: "Skip certificate verification (labs only).",
        },
      },
    },
    lease_ttl: durationSchema(
      "How long a worker's lease on the job lasts without renewal (default 30s, at least 1s); renewed every third of it while the run makes progress. A worker that dies loses the job after this long.",
    ),
  },
  allOf: [
    {
      if: { properties: { type: { enum: ["postgres", "elasticsearch", "opensearch"] } }, required: ["type"] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
      then: { required: ["url"], not: { required: ["path"] } },
      else: { not: { anyOf: [{ required: ["url"] }, { required: ["index"] }, { required: ["auth"] }] } },
    },
    {
      if: { properties: { type: { const: "postgres" } }, required: ["type"] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
      then: { not: { anyOf: [{ required: ["index"] }, { required: ["auth"] }, { required: ["tls"] }] } },
    },
  ],
} as const;
