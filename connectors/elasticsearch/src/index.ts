import { defineConnector } from "@taxiway/core";
import { configSchema, type ElasticsearchSinkConfig } from "./config.js";
import { ElasticsearchSink } from "./sink.js";

export { type BulkItem, itemOutcome } from "./bulk-items.js";
export type { ElasticsearchSinkConfig } from "./config.js";
export { confidenceLabel, ECS_TYPES, ecsDocument } from "./document.js";
export { BULK_FILTER_PATH, ELASTICSEARCH, type IndexCluster, type SearchProduct } from "./index-cluster.js";
export { IndexSink, type IndexSinkConfig } from "./index-sink.js";
export { INDEX_SINK_PROPERTIES } from "./index-sink-schema.js";
export { ElasticsearchSink } from "./sink.js";
export { indexTemplate } from "./template.js";

export const connector = defineConnector<ElasticsearchSinkConfig>({
  type: "elasticsearch",
  version: "0.1.0",
  coreVersion: "^0.1.0",
  configSchema,
  create: (config, context) => new ElasticsearchSink(config, context),
  sweep: () => true,
});

export default connector;
