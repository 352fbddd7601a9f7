import { durationSchema, type JsonSchema, parseDuration } from "@taxiway/core";

/** The upload API's own limit: 100 STIX objects per request (Microsoft's reference, "Throttling limits for the API"). */
export const MAX_OBJECTS_PER_REQUEST = 100;

/** The `sentinel` sink keys of a job file (connectors/sentinel/README.md). */
export interface SentinelSinkConfig {
  workspace_id: string;
  tenant_id: string;
  client_id: string;
  client_secret: string;
  source_system?: string;
  api_url?: string;
  login_url?: string;
  scope?: string;
  api_version?: string;
  batch_size?: number;
  timeout?: string | number;
}

export const configSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["workspace_id", "tenant_id", "client_id", "client_secret"],
  properties: {
    workspace_id: {
      type: "string",
      minLength: 1,
      description: "Log Analytics workspace id of the Sentinel workspace.",
    },
    tenant_id: { type: "string", minLength: 1, description: "Microsoft Entra tenant id (or domain)." },
    client_id: {
      type: "string",
      minLength: 1,
      description: "Application (client) id of the Entra app registration.",
    },
    client_secret: {
      type: "string",
      minLength: 1,
      "x-secret": true,
      description: "Client secret of the app registration.",
    },
    source_system: {
      type: "string",
      minLength: 1,
      default: "taxiway",
      not: { const: "Microsoft Sentinel" },
      description: 'The upload\'s `sourcesystem` ("Microsoft Sentinel" is reserved).',
    },
    api_url: {
      type: "string",
      pattern: "^https?://",
      default: "https://api.ti.sentinel.azure.com",
      description: "Base URL of the upload API (the bearer token is sent to this origin only).",
    },
    login_url: {
      type: "string",
      pattern: "^https?://",
      default: "https://login.microsoftonline.com",
      description: "Microsoft Entra authority (the client secret is sent to this origin only).",
    },
    scope: { type: "string", default: "https://management.azure.com/.default", description: "Token scope." },
    api_version: {
      type: "string",
      default: "2024-02-01-preview",
      description: "The upload API's api-version.",
    },
    batch_size: {
      type: "integer",
      minimum: 1,
      maximum: MAX_OBJECTS_PER_REQUEST,
      default: MAX_OBJECTS_PER_REQUEST,
      description: "STIX objects per upload request (the API takes at most 100).",
    },
    timeout: durationSchema("Request timeout (default 30s)."),
  },
};

export interface ResolvedSentinelConfig {
  uploadUrl: URL;
  tokenUrl: URL;
  clientId: string;
  clientSecret: string;
  scope: string;
  sourceSystem: string;
  batchSize: number;
  timeoutMs: number;
}

const base = (url: string) => url.replace(/\/+$/, "");

export function resolveConfig(config: SentinelSinkConfig): ResolvedSentinelConfig {
  const api = base(config.api_url ?? "https://api.ti.sentinel.azure.com");
  const login = base(config.login_url ?? "https://login.microsoftonline.com");
  const uploadUrl = new URL(
    `${api}/workspaces/${encodeURIComponent(config.workspace_id)}/threat-intelligence-stix-objects:upload`,
  );
  uploadUrl.searchParams.set("api-version", config.api_version ?? "2024-02-01-preview");
  return {
    uploadUrl,
    tokenUrl: new URL(`${login}/${encodeURIComponent(config.tenant_id)}/oauth2/v2.0/token`),
    clientId: config.client_id,
    clientSecret: config.client_secret,
    scope: config.scope ?? "https://management.azure.com/.default",
    sourceSystem: config.source_system ?? "taxiway",
    batchSize: config.batch_size ?? MAX_OBJECTS_PER_REQUEST,
    timeoutMs: config.timeout === undefined ? 30_000 : (parseDuration(config.timeout) ?? 30_000),
  };
}
