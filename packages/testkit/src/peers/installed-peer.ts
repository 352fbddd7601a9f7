import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where test/peers/install.d put a peer (`elasticsearch-8.19.2`, `medallion-3.0.0`): $TAXIWAY_PEERS, then
 * /opt/taxiway-peers (root installs), then the tools cache. `marker` is a file only a finished install has.
 * Not installed: a skip reason, except with CI=true, where real-peer tests must run, so it throws.
 */
export function findInstalledPeer(dirName: string, marker: string): string | { skip: string } {
  const bases = [
    process.env.TAXIWAY_PEERS,
    "/opt/taxiway-peers",
    process.env.TAXIWAY_TOOLS ?? join(homedir(), ".cache/taxiway-tools"),
  ];
  for (const base of bases) {
    if (!base) continue;
    const dir = join(base, dirName);
    if (existsSync(join(dir, marker))) return dir;
  }
  const reason = `${dirName} is not installed (run test/peers/install.sh)`;
  if (process.env.CI === "true") throw new Error(reason);
  // Every skip says why, in the test log.
  console.warn(`skipping the tests that need ${dirName}: ${reason}`);
  return { skip: reason };
}
