import { execFileSync } from "node:child_process";
import { commandAs, findInstalledPeer, startSearchPeer } from "@taxiway/testkit/fixtures";

export interface StoreCluster {
  url: string;
  auth?: { username: string; password: string };
  stop(): Promise<void>;
}

const ADMIN = { username: "taxiway-admin", password: "admin-password-1" };

/**
 * A real single-node Elasticsearch 8.19 (security on, a file-realm superuser: the store authenticates as the sinks
 * do) or OpenSearch 2.19 (integ-test distribution, no security plugin), as test/peers/install.sh installed them.
 * A skip reason when not installed; with CI=true that throws instead (findInstalledPeer).
 */
export async function startStoreCluster(
  product: "Elasticsearch" | "OpenSearch",
): Promise<StoreCluster | { skip: string }> {
  if (product === "OpenSearch") {
    const dir = findInstalledPeer("opensearch-2.19.6", "bin/opensearch");
    if (typeof dir !== "string") return dir;
    return startSearchPeer({ product, dir, user: "taxiway-os" });
  }
  const dir = findInstalledPeer("elasticsearch-8.19.2", "bin/elasticsearch");
  if (typeof dir !== "string") return dir;
  const peer = await startSearchPeer({
    product,
    dir,
    user: "taxiway-es",
    settings: {
      "xpack.security.enabled": "true",
      "xpack.security.http.ssl.enabled": "false",
      "xpack.security.transport.ssl.enabled": "false",
    },
    prepare: (env) => {
      const [cmd, args] = commandAs("taxiway-es", { ...env, ES_JAVA_OPTS: "-Xms64m -Xmx64m" }, [
        `${dir}/bin/elasticsearch-users`,
        "useradd",
        ADMIN.username,
        "-p",
        ADMIN.password,
        "-r",
        "superuser",
      ]);
      execFileSync(cmd, args, { stdio: "pipe" });
    },
    probeHeaders: {
      authorization: `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString("base64")}`,
    },
  });
  return { url: peer.url, auth: ADMIN, stop: peer.stop };
}
