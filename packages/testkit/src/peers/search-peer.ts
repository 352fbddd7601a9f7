import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { commandAs, javaHome } from "./java.js";
import { startPeerProcess } from "./peer-process.js";

export interface SearchPeerOptions {
  /** `Elasticsearch` or `OpenSearch`: names the process in errors, and its environment variables (`ES_…`, `OPENSEARCH_…`). */
  product: "Elasticsearch" | "OpenSearch";
  /** The installed distribution (findInstalledPeer). */
  dir: string;
  /** The user to run as when we are root (the install script creates it). */
  user: string;
  /** Extra `-E` settings (security, …). */
  settings?: Record<string, string>;
  /** Runs after the config is copied, before start (e.g. adds file-realm users); gets the environment to use. */
  prepare?: (env: Record<string, string>) => void;
  /** Headers for the readiness probe (credentials). */
  probeHeaders?: Record<string, string>;
}

/**
 * A single-node Elasticsearch or OpenSearch on a free loopback port, with its own copy of the config and its data
 * in a temporary home that stop() removes.
 */
export async function startSearchPeer(
  options: SearchPeerOptions,
): Promise<{ url: string; stop(): Promise<void> }> {
  const prefix = options.product === "Elasticsearch" ? "ES" : "OPENSEARCH";
  const binary = options.product === "Elasticsearch" ? "elasticsearch" : "opensearch";
  const port = await freePort();
  const home = mkdtempSync(join(tmpdir(), `taxiway-${binary}-`));
  const config = join(home, "config");
  cpSync(join(options.dir, "config"), config, { recursive: true });
  if (process.getuid?.() === 0) execFileSync("chown", ["-R", `${options.user}:`, home]);
  const env = {
    [`${prefix}_JAVA_HOME`]: javaHome(process.env[`${prefix}_JAVA_HOME`]) ?? "",
    [`${prefix}_PATH_CONF`]: config,
    [`${prefix}_JAVA_OPTS`]: "-Xms512m -Xmx512m",
  };
  options.prepare?.(env);
  const settings = {
    "discovery.type": "single-node",
    "http.port": String(port),
    "transport.port": "0",
    "network.host": "127.0.0.1",
    "path.data": join(home, "data"),
    "path.logs": join(home, "logs"),
    "cluster.routing.allocation.disk.threshold_enabled": "false",
    ...options.settings,
  };
  const [command, args] = commandAs(options.user, env, [
    join(options.dir, "bin", binary),
    ...Object.entries(settings).flatMap(([key, value]) => ["-E", `${key}=${value}`]),
  ]);
  const url = `http://127.0.0.1:${port}`;
  const peer = await startPeerProcess(options.product, command, args, {
    timeoutMs: 120_000,
    intervalMs: 500,
    ready: () =>
      fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=1s`, {
        headers: options.probeHeaders ?? {},
      }).then((response) => response.ok),
  });
  return {
    url,
    stop: async () => {
      await peer.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
