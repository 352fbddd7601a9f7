// Expiry sweep of the Elasticsearch sink over 100 000 expired documents on a real single-node cluster
// (test/cluster.ts starts one, or ES_URL), against raw bulk deletes of the same ids (testkit's runSearchSweepBench).
import { connector } from "@taxiway/connector-elasticsearch";
import { runSearchSweepBench } from "@taxiway/testkit/fixtures";
import { ecsDocument } from "../src/document.ts";
import { startCluster } from "../test/cluster.ts";

const started = await startCluster();
if ("skip" in started) {
  console.log(`elasticsearch sweep bench skipped: ${started.skip}`);
  process.exit(0);
}
const cluster = started;
try {
  await runSearchSweepBench({
    bench: "elasticsearch",
    descriptor: connector,
    config: (index) => ({ node: cluster.url, auth: cluster.auth, index }),
    url: cluster.url,
    headers: {
      authorization: `Basic ${Buffer.from(`${cluster.auth.username}:${cluster.auth.password}`).toString("base64")}`,
    },
    document: (record) => ecsDocument(record),
  });
} finally {
  await cluster.stop();
}
