import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * A Java home for a JVM peer (Elasticsearch, OpenSearch): `override` when set, else a JDK 17, 21 or 25 under
 * /usr/lib/jvm (17 first: every supported peer version runs on it), else JAVA_HOME.
 */
export function javaHome(override?: string): string | undefined {
  if (override) return override;
  if (!existsSync("/usr/lib/jvm")) return process.env.JAVA_HOME;
  const candidates = readdirSync("/usr/lib/jvm").filter(
    (name) => /(17|21|25)/.test(name) && existsSync(join("/usr/lib/jvm", name, "bin/java")),
  );
  const preferred = candidates.find((name) => name.includes("17")) ?? candidates[0];
  return preferred ? join("/usr/lib/jvm", preferred) : process.env.JAVA_HOME;
}

/**
 * The command line that runs `argv` with `env` as `user` when we are root (Elasticsearch and OpenSearch refuse to run
 * as root; the peer install scripts create the user), else as ourselves.
 */
export function commandAs(user: string, env: Record<string, string>, argv: string[]): [string, string[]] {
  const assignments = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  return process.getuid?.() === 0
    ? [runuser(), ["-u", user, "--", "env", ...assignments, ...argv]]
    : ["env", [...assignments, ...argv]];
}

/** util-linux runuser lives in an sbin directory, which a cron- or container-style PATH may lack. */
function runuser(): string {
  return ["/usr/sbin/runuser", "/sbin/runuser"].find((path) => existsSync(path)) ?? "runuser";
}
