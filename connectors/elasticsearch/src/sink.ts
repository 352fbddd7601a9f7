import { type Client, errors } from "@elastic/elasticsearch";
import type { CheckResult, SinkContext } from "@taxiway/core";
import type { BulkItem } from "./bulk-items.js";
import { checkCluster } from "./check.js";
import { clientFor, statusOf } from "./client.js";
import type { ElasticsearchSinkConfig } from "./config.js";
import { BULK_FILTER_PATH, ELASTICSEARCH, type IndexCluster } from "./index-cluster.js";
import { IndexSink } from "./index-sink.js";

/** Elasticsearch through the official client (retries off: the runner retries, per record). */
class ElasticsearchCluster implements IndexCluster {
  readonly product = ELASTICSEARCH;
  private readonly client: Client;

  constructor(private readonly config: ElasticsearchSinkConfig) {
    this.client = clientFor(config);
  }

  async putIndexTemplate(template: Record<string, unknown>): Promise<void> {
    await this.client.indices.putIndexTemplate(template as never);
  }

  async ensureIndex(index: string): Promise<void> {
    if (await this.client.indices.exists({ index })) return;
    await this.client.indices.create({ index }).catch((error: unknown) => {
      if (
        !(
          error instanceof errors.ResponseError &&
          error.body?.error?.type === "resource_already_exists_exception"
        )
      )
        throw error;
    });
  }

  async bulk(body: string, signal: AbortSignal): Promise<BulkItem[]> {
    const response = await this.client.transport.request<{ items?: Array<Record<string, BulkItem>> }>(
      { method: "POST", path: "/_bulk", querystring: { filter_path: BULK_FILTER_PATH }, bulkBody: body },
      { signal },
    );
    return (response.items ?? []).map((item) => Object.values(item)[0] as BulkItem);
  }

  async post(path: string, body: unknown, signal: AbortSignal): Promise<Record<string, unknown>> {
    return this.client.transport.request<Record<string, unknown>>(
      { method: "POST", path, ...(body === undefined ? {} : { body: body as Record<string, unknown> }) },
      { signal },
    );
  }

  statusOf(error: unknown): number | undefined {
    return statusOf(error);
  }

  check(signal: AbortSignal): Promise<CheckResult> {
    return checkCluster(this.client, this.config, signal);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/** The Elasticsearch sink: the shared index sink (ECS documents, external versions, bulk) on the official client. */
export class ElasticsearchSink extends IndexSink {
  constructor(config: ElasticsearchSinkConfig, context: SinkContext) {
    super(config, context, new ElasticsearchCluster(config));
  }
}
