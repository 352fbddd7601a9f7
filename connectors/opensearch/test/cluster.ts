import { findInstalledPeer, startSearchPeer } from "@taxiway/testkit/fixtures";

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
  return startSearchPeer({ product: "OpenSearch", dir, user: RUN_AS });
}
