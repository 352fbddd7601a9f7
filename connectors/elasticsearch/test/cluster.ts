import { execFileSync } from "node:child_process";
import { commandAs, findInstalledPeer, startSearchPeer } from "@taxiway/testkit/fixtures";

const VERSION = "8.19.2";
/** The user test/peers/install.d/elasticsearch.sh creates: Elasticsearch refuses to run as root. */
const RUN_AS = "taxiway-es";

export interface Credentials {
  username: string;
  password: string;
}

export interface Cluster {
  url: string;
  /** A superuser of the file realm (security is on, as on every production cluster). */
  auth: Credentials;
  stop(): Promise<void>;
}

/** A user with the built-in `viewer` role: may read, may not write. */
export const READER: Credentials = { username: "taxiway-reader", password: "reader-password-1" };
const ADMIN: Credentials = { username: "taxiway-admin", password: "admin-password-1" };

/**
 * A real single-node Elasticsearch on a free loopback port, security on with file-realm users, or the cluster at
 * ES_URL (ES_USERNAME / ES_PASSWORD). Returns a skip reason when none can be had; with CI=true that is an error
 * instead (the real-cluster tests must run in CI).
 */
export async function startCluster(): Promise<Cluster | { skip: string }> {
  if (process.env.ES_URL)
    return {
      url: process.env.ES_URL,
      auth: {
        username: process.env.ES_USERNAME ?? "elastic",
        password: process.env.ES_PASSWORD ?? "changeme",
      },
      stop: async () => {},
    };
  const dir = findInstalledPeer(`elasticsearch-${VERSION}`, "bin/elasticsearch");
  if (typeof dir !== "string") return { skip: `${dir.skip}, and ES_URL is not set` };
  const peer = await startSearchPeer({
    product: "Elasticsearch",
    dir,
    user: RUN_AS,
    settings: {
      "xpack.security.enabled": "true",
      "xpack.security.http.ssl.enabled": "false",
      "xpack.security.transport.ssl.enabled": "false",
    },
    prepare: (env) => {
      for (const [user, role] of [
        [ADMIN, "superuser"],
        [READER, "viewer"],
      ] as const) {
        const [cmd, args] = commandAs(RUN_AS, { ...env, ES_JAVA_OPTS: "-Xms64m -Xmx64m" }, [
          `${dir}/bin/elasticsearch-users`,
          "useradd",
          user.username,
          "-p",
          user.password,
          "-r",
          role,
        ]);
        execFileSync(cmd, args, { stdio: "pipe" });
      }
    },
    probeHeaders: {
      authorization: `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString("base64")}`,
    },
  });
  return { url: peer.url, auth: ADMIN, stop: peer.stop };
}
