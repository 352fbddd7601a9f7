// Expiry sweep of the OpenSearch sink over 100 000 expired documents on a real single-node cluster
// (test/cluster.ts starts one, or OPENSEARCH_URL), against raw bulk deletes of the same ids (runSearchSweepBench).
import { ecsDocument } from "@taxiway/connector-elasticsearch";
import { connector } from "@taxiway/connector-opensearch";
import { runSearchSweepBench } from "@taxiway/testkit/fixtures";
import { startCluster } from "../test/cluster.ts";

const started = await startCluster();
if ("skip" in started) {
  console.log(`opensearch sweep bench skipped: ${started.skip}`);
  process.exit(0);
}
const cluster = started;
try {
  await runSearchSweepBench({
    bench: "opensearch",
    descriptor: connector,
    config: (index) => ({ node: cluster.url, index }),
    url: cluster.url,
    document: (record) => ecsDocument(record),
  });
} finally {
  await cluster.stop();
}
