import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  commandAs,
  findInstalledPeer,
  freePort,
  javaHome,
  startPeerProcess,
} from "@taxiway/testkit/fixtures";

const VERSION = "2.19.6";
/** The user test/peers/install.d/opensearch.sh creates: OpenSearch refuses to run as root. */
const RUN_AS = "taxiway-os";

export interface Cluster {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real single-node OpenSearch (the integ-test distribution: no security plugin) on a free loopback port, or the
 * cluster at OPENSEARCH_URL. Returns a skip reason when none can be had; with CI=true that is an error instead.
 */
export async function startCluster(): Promise<Cluster | { skip: string }> {
  if (process.env.OPENSEARCH_URL) return { url: process.env.OPENSEARCH_URL, stop: async () => {} };
  const dir = findInstalledPeer(`opensearch-${VERSION}`, "bin/opensearch");
  if (typeof dir !== "string") return { skip: `${dir.skip}, and OPENSEARCH_URL is not set` };
  const port = await freePort();
  const home = mkdtempSync(join(tmpdir(), "taxiway-opensearch-"));
  const config = join(home, "config");
  cpSync(join(dir, "config"), config, { recursive: true });
  if (process.getuid?.() === 0) execFileSync("chown", ["-R", RUN_AS, home]);
  const settings = {
    "discovery.type": "single-node",
    "http.port": String(port),
    "transport.port": "0",
    "network.host": "127.0.0.1",
    "path.data": join(home, "data"),
    "path.logs": join(home, "logs"),
    "cluster.routing.allocation.disk.threshold_enabled": "false",
  };
  const env = {
    OPENSEARCH_JAVA_HOME: javaHome(process.env.OPENSEARCH_JAVA_HOME) ?? "",
    OPENSEARCH_PATH_CONF: config,
    OPENSEARCH_JAVA_OPTS: "-Xms512m -Xmx512m",
  };
  const [cmd, args] = commandAs(RUN_AS, env, [
    `${dir}/bin/opensearch`,
    ...Object.entries(settings).flatMap(([k, v]) => ["-E", `${k}=${v}`]),
  ]);
  const url = `http://127.0.0.1:${port}`;
  const peer = await startPeerProcess("OpenSearch", cmd, args, {
    timeoutMs: 120_000,
    intervalMs: 500,
    ready: () =>
      fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=1s`).then((response) => response.ok),
  });
  return {
    url,
    stop: async () => {
      await peer.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
