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
  const port = await freePort();
  const home = mkdtempSync(join(tmpdir(), "taxiway-es-"));
  const config = join(home, "config");
  cpSync(join(dir, "config"), config, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", RUN_AS], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", RUN_AS], { encoding: "utf8" }).trim());
    execFileSync("chown", ["-R", `${uid}:${gid}`, home]);
  }
  const env = {
    ES_JAVA_HOME: javaHome(process.env.ES_JAVA_HOME) ?? "",
    ES_PATH_CONF: config,
    ES_JAVA_OPTS: "-Xms512m -Xmx512m",
  };
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
  const settings = {
    "discovery.type": "single-node",
    "xpack.security.enabled": "true",
    "xpack.security.http.ssl.enabled": "false",
    "xpack.security.transport.ssl.enabled": "false",
    "http.port": String(port),
    "transport.port": "0",
    "network.host": "127.0.0.1",
    "path.data": join(home, "data"),
    "path.logs": join(home, "logs"),
    "cluster.routing.allocation.disk.threshold_enabled": "false",
  };
  const argv = [
    `${dir}/bin/elasticsearch`,
    ...Object.entries(settings).flatMap(([k, v]) => ["-E", `${k}=${v}`]),
  ];
  const [cmd, args] = commandAs(RUN_AS, env, argv);
  const url = `http://127.0.0.1:${port}`;
  const authorization = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString("base64")}`;
  const peer = await startPeerProcess("Elasticsearch", cmd, args, {
    timeoutMs: 120_000,
    intervalMs: 500,
    ready: () =>
      fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=1s`, { headers: { authorization } }).then(
        (response) => response.ok,
      ),
  });
  return {
    url,
    auth: ADMIN,
    stop: async () => {
      await peer.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
