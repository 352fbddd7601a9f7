import { IndexSink } from "@taxiway/connector-elasticsearch";
import { defineConnector } from "@taxiway/core";
import { OpenSearchCluster } from "./cluster.js";
import { configSchema, type OpenSearchSinkConfig } from "./config.js";

export { OPENSEARCH, OpenSearchCluster, OpenSearchResponseError } from "./cluster.js";
export type { OpenSearchSinkConfig } from "./config.js";

/** ECS threat.indicator documents in OpenSearch: the Elasticsearch connector's index sink on an OpenSearch client. */
export const connector = defineConnector<OpenSearchSinkConfig>({
  type: "opensearch",
  version: "0.1.0",
  coreVersion: "^0.1.0",
  configSchema,
  create: (config, context) => new IndexSink(config, context, new OpenSearchCluster(config)),
  sweep: () => true,
});

export default connector;
