// OpenSearch sink against a real single-node cluster (test/cluster.ts starts one, or OPENSEARCH_URL): throughput
// against the same bulk bodies POSTed raw, and CPU per document against JSON.stringify (testkit's runSearchSinkBench).
import { ecsDocument } from "@taxiway/connector-elasticsearch";
import { connector } from "@taxiway/connector-opensearch";
import { runSearchSinkBench } from "@taxiway/testkit/fixtures";
import { startCluster } from "../test/cluster.ts";

const started = await startCluster();
if ("skip" in started) {
  console.log(`opensearch bench skipped: ${started.skip}`);
  process.exit(0);
}
const cluster = started;
try {
  await runSearchSinkBench({
    bench: "opensearch",
    descriptor: connector,
    config: (index) => ({ node: cluster.url, index, concurrency: 1 }),
    url: cluster.url,
    document: (record) => ecsDocument(record),
  });
} finally {
  await cluster.stop();
}
