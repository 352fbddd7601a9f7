import { execFileSync } from "node:child_process";
import { homedir } from "node:os";
import { join } from "node:path";
import { type Finished, runProcess } from "../e2e/binary.js";

/** buildah's storage for taxiway, as scripts/image/build.sh uses it: vfs, under the tool cache, no daemon. */
export function buildahStorageFlags(): string[] {
  const storage =
    process.env.TAXIWAY_BUILDAH_STORAGE ??
    join(process.env.TAXIWAY_TOOLS ?? join(homedir(), ".cache/taxiway-tools"), "buildah");
  return ["--root", join(storage, "root"), "--runroot", join(storage, "run"), "--storage-driver", "vfs"];
}

/** Why buildah cannot be used on this machine, or undefined when `buildah --version` and `strip` answer. */
export function buildahUnavailable(): string | undefined {
  for (const [tool, args] of [
    ["buildah", ["--version"]],
    ["strip", ["--version"]],
  ] as const) {
    try {
      execFileSync(tool, [...args], { stdio: "ignore" });
    } catch {
      return `${tool} is not installed (bash test/peers/install.d/buildah.sh installs it from Debian packages)`;
    }
  }
  return undefined;
}

/** Runs `buildah ARGS…` on taxiway's storage. */
export function buildah(args: string[]): Promise<Finished> {
  return runProcess("buildah", [...buildahStorageFlags(), ...args]);
}

/** How a command runs inside a working container (buildah run, chroot isolation). */
export interface ContainerRun {
  user?: string;
  env?: Record<string, string>;
  /** host path → container path (suffix `:ro` for read-only), bind-mounted for this run. */
  volumes?: string[];
}

/**
 * Runs COMMAND inside CONTAINER with `buildah run --isolation chroot --network host` (the host's network, so a
 * server on the host's loopback is reachable; the isolation that works without user namespaces or cgroups).
 */
export function runInContainer(
  container: string,
  command: string[],
  options: ContainerRun = {},
): Promise<Finished> {
  return buildah([
    "run",
    "--isolation",
    "chroot",
    "--network",
    "host",
    ...(options.user ? ["--user", options.user] : []),
    ...Object.entries(options.env ?? {}).flatMap(([name, value]) => ["--env", `${name}=${value}`]),
    ...(options.volumes ?? []).flatMap((volume) => ["--volume", volume]),
    container,
    "--",
    ...command,
  ]);
}
