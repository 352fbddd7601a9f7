// Elasticsearch sink against a real single-node cluster (test/cluster.ts starts one, or ES_URL): throughput against
// the same bulk bodies POSTed raw, and CPU per document against JSON.stringify (testkit's runSearchSinkBench).
import { connector } from "@taxiway/connector-elasticsearch";
import { runSearchSinkBench } from "@taxiway/testkit/fixtures";
import { ecsDocument } from "../src/document.ts";
import { startCluster } from "../test/cluster.ts";

const started = await startCluster();
if ("skip" in started) {
  console.log(`elasticsearch bench skipped: ${started.skip}`);
  process.exit(0);
}
const cluster = started;
try {
  await runSearchSinkBench({
    bench: "elasticsearch",
    descriptor: connector,
    config: (index) => ({ node: cluster.url, auth: cluster.auth, index, concurrency: 1 }),
    url: cluster.url,
    headers: {
      authorization: `Basic ${Buffer.from(`${cluster.auth.username}:${cluster.auth.password}`).toString("base64")}`,
    },
    document: (record) => ecsDocument(record),
  });
} finally {
  await cluster.stop();
}
