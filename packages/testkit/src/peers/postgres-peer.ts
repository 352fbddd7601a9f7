import { execFile, execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { commandAs } from "./java.js";
import { startPeerProcess } from "./peer-process.js";

/** The user test/peers/install.d/postgresql.sh creates: PostgreSQL refuses to run as root. */
const RUN_AS = "taxiway-pg";

export interface PostgresPeer {
  /** `postgresql://taxiway:<password>@127.0.0.1:<port>/postgres` (password authentication, scram-sha-256). */
  url: string;
  password: string;
  stop(): Promise<void>;
}

/** The newest Debian PostgreSQL server's bin directory (`/usr/lib/postgresql/<major>/bin`), if installed. */
export function postgresBinDir(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((name) => existsSync(join(root, name, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] === undefined ? undefined : join(root, majors[0], "bin");
}

/**
 * A throwaway PostgreSQL cluster: `initdb` into a temporary directory, `postgres` on a free loopback port (as
 * `taxiway-pg` when we are root), password authentication over TCP. stop() shuts it down fast (SIGINT) and removes
 * the directory. Not installed: a skip reason, except with CI=true, where it throws (see test/peers/install.sh).
 */
export async function startPostgresPeer(): Promise<PostgresPeer | { skip: string }> {
  const bin = postgresBinDir();
  if (!bin) {
    const reason = "PostgreSQL server binaries are not installed (run test/peers/install.sh)";
    if (process.env.CI === "true") throw new Error(reason);
    console.warn(`skipping the tests that need PostgreSQL: ${reason}`);
    return { skip: reason };
  }
  const root = process.getuid?.() === 0;
  const home = mkdtempSync(join(tmpdir(), "taxiway-postgres-"));
  chmodSync(home, 0o755);
  const password = `pg-secret-${process.pid}`;
  writeFileSync(join(home, "pwfile"), `${password}\n`);
  if (root) execFileSync("chown", ["-R", `${RUN_AS}:`, home]);
  const as = (argv: string[]) => commandAs(RUN_AS, {}, argv);
  const [initCommand, initArgs] = as([
    join(bin, "initdb"),
    "-D",
    join(home, "data"),
    "-U",
    "taxiway",
    `--pwfile=${join(home, "pwfile")}`,
    "--auth-local=trust",
    "--auth-host=scram-sha-256",
    "--no-sync",
    "-E",
    "UTF8",
  ]);
  execFileSync(initCommand, initArgs, { stdio: "pipe" });
  const port = await freePort();
  const [command, args] = as([
    join(bin, "postgres"),
    "-D",
    join(home, "data"),
    "-p",
    String(port),
    "-k",
    home,
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "fsync=off",
    "-c",
    "max_connections=100",
  ]);
  const ready = () =>
    new Promise<boolean>((resolve) =>
      execFile(join(bin, "pg_isready"), ["-h", "127.0.0.1", "-p", String(port), "-t", "1"], (error) =>
        resolve(!error),
      ),
    );
  const peer = await startPeerProcess("PostgreSQL", command, args, { ready, timeoutMs: 60_000 });
  return {
    url: `postgresql://taxiway:${password}@127.0.0.1:${port}/postgres`,
    password,
    stop: async () => {
      // SIGINT is PostgreSQL's fast shutdown: it does not wait for clients to disconnect.
      if (peer.child.pid !== undefined && peer.child.exitCode === null) {
        try {
          process.kill(-peer.child.pid, "SIGINT");
        } catch {
          // already gone
        }
      }
      await peer.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
