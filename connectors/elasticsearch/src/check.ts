import { type Client, errors } from "@elastic/elasticsearch";
import type { CheckResult } from "@taxiway/core";
import { statusOf } from "./client.js";
import type { ElasticsearchSinkConfig } from "./config.js";

/** Version and build flavour: `GET /` needs `monitor`, and some distributions do not serve it; nodes info is the fallback. */
async function versionOf(client: Client): Promise<string | undefined> {
  const info = await client.info().catch(() => undefined);
  if (info) return `${info.version.number} (${info.version.build_flavor})`;
  const nodes = await client.nodes
    .info({ node_id: "_local", filter_path: ["nodes.*.version", "nodes.*.build_flavor"] })
    .catch(() => undefined);
  const node = Object.values(nodes?.nodes ?? {})[0] as
    | { version?: string; build_flavor?: string }
    | undefined;
  return node?.version ? `${node.version} (${node.build_flavor ?? "default"})` : undefined;
}

/** Privileges the job needs, and which it lacks; undefined when the cluster runs without security. */
async function missingPrivileges(
  client: Client,
  config: ElasticsearchSinkConfig,
): Promise<string[] | undefined> {
  const installs = config.template !== false;
  const answer = await client.security
    .hasPrivileges({
      cluster: installs ? ["manage_index_templates"] : [],
      index: [
        {
          names: [config.index],
          privileges: ["index", "delete", ...(installs ? ["create_index"] : [])],
        },
      ],
    })
    .catch((error: unknown) => {
      // 400/500: security is disabled on this cluster, so there is nothing to lack.
      const status = statusOf(error);
      if (status === 400 || status === 500) return undefined;
      throw error;
    });
  if (!answer) return undefined;
  const missing = Object.entries(answer.cluster ?? {})
    .filter(([, granted]) => !granted)
    .map(([name]) => `cluster:${name}`);
  for (const [, granted] of Object.entries(answer.index ?? {}))
    for (const [name, ok] of Object.entries(granted)) if (!ok) missing.push(`index:${name}`);
  return missing;
}

/**
 * Reachable, authenticated, which version, and allowed to write the target (and install the template). Each
 * failure says what to change; nothing here echoes a credential.
 */
export async function checkCluster(
  client: Client,
  config: ElasticsearchSinkConfig,
  signal: AbortSignal,
): Promise<CheckResult> {
  try {
    await client.security.authenticate({}, { signal }).catch((error: unknown) => {
      const status = statusOf(error);
      if (status === 401 || status === 403) throw error;
    });
    const version = await versionOf(client);
    const missing = await missingPrivileges(client, config);
    if (missing && missing.length > 0)
      return {
        ok: false,
        message: `elasticsearch: these credentials may not write index ${config.index}: missing ${missing.join(", ")}${config.template !== false ? " (or set template: false and install the template yourself)" : ""}`,
        details: { missing, retryable: false },
      };
    return {
      ok: true,
      message: `elasticsearch${version ? ` ${version}` : ""}: reachable; can write ${config.index}${missing === undefined ? " (security is disabled on this cluster)" : ""}`,
    };
  } catch (error) {
    if (error instanceof errors.ProductNotSupportedError)
      return {
        ok: false,
        message:
          "elasticsearch: the server at this URL is not Elasticsearch (OpenSearch and others are refused by the official client)",
        details: { retryable: false },
      };
    const status = statusOf(error);
    if (status === 401 || status === 403)
      return {
        ok: false,
        message: `elasticsearch: credentials rejected (HTTP ${status}): check auth`,
        details: { status, retryable: false },
      };
    return {
      ok: false,
      message: `elasticsearch: cannot reach the cluster: ${(error as Error).message}`,
      details: { retryable: true },
    };
  }
}
