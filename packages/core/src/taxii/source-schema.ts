import { durationSchema, sizeSchema } from "../config/units.js";

const secret = (description: string) => ({ type: "string", minLength: 1, description, "x-secret": true });
const text = (description: string) => ({ type: "string", minLength: 1, description });

/** JSON Schema of a job's `source:` section. */
export const taxiiSourceSchema = {
  type: "object",
  description: "Where the intel comes from: a TAXII 2.x server.",
  additionalProperties: false,
  required: ["type", "url"],
  oneOf: [{ required: ["collection"] }, { required: ["collections"] }],
  properties: {
    type: { const: "taxii", description: "Source kind." },
    url: {
      type: "string",
      pattern: "^https?://",
      description: "Discovery URL (…/taxii2/) or an API-root URL.",
    },
    collection: text("Collection to poll: its id, alias or title."),
    collections: {
      type: "array",
      minItems: 1,
      uniqueItems: true,
      items: { type: "string", minLength: 1 },
      description: "Several collections of the same server, each with its own cursor.",
    },
    auth: {
      description: "How to authenticate. Default: none.",
      oneOf: [
        {
          type: "object",
          additionalProperties: false,
          required: ["type"],
          properties: { type: { const: "none" } },
        },
        {
          type: "object",
          additionalProperties: false,
          required: ["type", "token"],
          properties: { type: { const: "bearer" }, token: secret("Bearer token or API key.") },
        },
        {
          type: "object",
          additionalProperties: false,
          required: ["type", "username", "password"],
          properties: {
            type: { const: "basic" },
            username: text("User name."),
            password: secret("Password."),
          },
        },
        {
          type: "object",
          additionalProperties: false,
          required: ["type", "login_url", "username", "password"],
          properties: {
            type: { const: "jwt" },
            login_url: {
              type: "string",
              pattern: "^https?://",
              description: "Login endpoint (POST JSON, reads .token).",
            },
            username: text("User name."),
            password: secret("Password."),
          },
        },
        {
          type: "object",
          additionalProperties: false,
          required: ["type", "name", "value"],
          properties: {
            type: { const: "header" },
            name: text("Header name."),
            value: secret("Header value."),
          },
        },
      ],
    },
    initial_lookback: durationSchema(
      "First run only (no checkpoint yet): start this far back from now, e.g. 30d. Default: the whole collection.",
    ),
    added_after: {
      type: "string",
      format: "date-time",
      description: "First run only: start after this RFC 3339 timestamp. Wins over initial_lookback.",
    },
    page_size: {
      type: "integer",
      minimum: 1,
      maximum: 100000,
      default: 1000,
      description: "`limit` sent per request.",
    },
    version: {
      enum: ["auto", "2.0", "2.1"],
      default: "auto",
      description: "TAXII version; auto reads the API root.",
    },
    pagination: {
      enum: ["auto", "next", "header"],
      default: "auto",
      description:
        "auto: follow `next`, fall back to X-TAXII-Date-Added-Last; header: only the header cursor.",
    },
    tls: {
      type: "object",
      additionalProperties: false,
      description: "TLS settings. Certificates are verified unless `insecure: true`.",
      properties: {
        ca_file: text("PEM file with the CA(s) to trust."),
        cert_file: text("Client certificate (mTLS), PEM."),
        key_file: text("Client key (mTLS), PEM."),
        insecure: {
          type: "boolean",
          default: false,
          description: "Skip certificate verification (labs only).",
        },
      },
    },
    proxy: { type: "string", pattern: "^https?://", description: "HTTP(S) proxy URL.", "x-secret": true },
    timeouts: {
      type: "object",
      additionalProperties: false,
      description: "Network timeouts.",
      properties: {
        connect: durationSchema("Connect timeout (default 30s)."),
        headers: durationSchema("Time to the response headers (default 120s)."),
        body: durationSchema("Longest gap while reading the body (default 120s)."),
        request: durationSchema(
          "Deadline of one whole request, headers and body, so a body dripping a byte at a time ends (default 10m).",
        ),
        run: durationSchema(
          "Deadline of one whole run: past it the run stops, fails (exit 1) and keeps its last committed page (default: none).",
        ),
      },
    },
    retries: {
      type: "integer",
      minimum: 0,
      maximum: 20,
      default: 5,
      description: "Retries of a failed request.",
    },
    rate_limit: {
      type: "object",
      additionalProperties: false,
      required: ["requests", "per"],
      description:
        "Pace requests to the server's allowance, e.g. { requests: 10, per: 1m }. Retries count too.",
      properties: {
        requests: { type: "integer", minimum: 1, description: "Requests allowed per interval." },
        per: durationSchema("The interval."),
      },
    },
    max_response_bytes: sizeSchema("Largest response accepted (default 256mb)."),
    headers: {
      type: "object",
      additionalProperties: { type: "string" },
      description: "Extra request headers.",
      "x-secret": true,
    },
    match: {
      type: "object",
      additionalProperties: false,
      description: "Server-side filters sent as match[…].",
      properties: {
        type: { type: "array", items: { type: "string" }, description: "STIX types, e.g. [indicator]." },
        id: { type: "array", items: { type: "string" }, description: "STIX ids." },
        spec_version: { type: "array", items: { type: "string" }, description: 'e.g. ["2.1"].' },
      },
    },
  },
} as const;
