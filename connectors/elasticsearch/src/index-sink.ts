import {
  AbortedError,
  allFailed,
  batchBy,
  type CheckResult,
  ConfigError,
  type IocRecord,
  isRetryableStatus,
  Limiter,
  permanentError,
  type RecordOutcome,
  recordVersion,
  type Sink,
  type SinkContext,
  transientError,
  type WriteResult,
} from "@taxiway/core";
import { itemOutcome } from "./bulk-items.js";
import { ecsDocument } from "./document.js";
import type { IndexCluster } from "./index-cluster.js";
import { indexTemplate } from "./template.js";

/**
 * The config keys every search connector shares (their schema is INDEX_SINK_PROPERTIES); each connector adds its
 * connection keys. The sink reads all but `request_timeout`, which the connector's client applies.
 */
export interface IndexSinkConfig {
  index: string;
  flush_bytes?: number;
  concurrency?: number;
  on_revoked?: "delete" | "flag";
  template?: boolean | { name?: string; priority?: number };
  request_timeout?: number;
}

/**
 * The bulk action line, with the external version written as an exact integer (`recordVersion`: µs × 2 + delete,
 * a bigint JSON.stringify cannot write), so an older version never overwrites a newer one and a delete of the same
 * `modified` wins over its upsert.
 */
function actionLine(action: "index" | "delete", index: string, record: IocRecord): string {
  return `{"${action}":{"_index":${JSON.stringify(index)},"_id":${JSON.stringify(record.key)},"version":${recordVersion(record)},"version_type":"external"}}\n`;
}

/**
 * Writes one ECS document per IOC with `_id` = record key and external versioning, deletes (or flags) revoked and
 * expired ones, through bulk requests cut by size. `write` resolves when every bulk response is in: the cluster
 * answers a bulk only after the operations are in the translog (fsync'ed per request by default), so there is no
 * separate flush and no refresh is needed for durability.
 */
export class IndexSink implements Sink {
  readonly type: string;
  private readonly limiter: Limiter;
  private opened = false;

  constructor(
    private readonly config: IndexSinkConfig,
    private readonly context: SinkContext,
    private readonly cluster: IndexCluster,
  ) {
    this.type = cluster.product.name;
    this.limiter = new Limiter(config.concurrency ?? 2);
  }

  check(): Promise<CheckResult> {
    return this.cluster.check(this.context.signal);
  }

  async open(): Promise<void> {
    if (this.opened || this.config.template === false) return;
    const { name, code } = this.cluster.product;
    try {
      const options = typeof this.config.template === "object" ? this.config.template : {};
      await this.cluster.putIndexTemplate(indexTemplate(this.config.index, options));
      await this.cluster.ensureIndex(this.config.index);
    } catch (error) {
      const status = this.cluster.statusOf(error);
      if (status === 401 || status === 403)
        throw new ConfigError(
          `${name}: may not install the index template or create ${this.config.index} (HTTP ${status}); grant manage_index_templates and create_index, or set template: false`,
          { code: `CONFIG_${code}_PRIVILEGES` },
        );
      if (status === 400)
        throw new ConfigError(
          `${name}: the cluster refused the index template or index ${this.config.index}: ${(error as Error).message} (another template matching the index at the same priority? set template.priority, or template: false)`,
          { code: `CONFIG_${code}_TEMPLATE` },
        );
      throw transientError(`${name}: open failed: ${(error as Error).message}`, {
        code: `${code}_OPEN`,
        cause: error,
      });
    }
    this.opened = true;
  }

  private operations(record: IocRecord): string {
    if (record.action === "delete" && (this.config.on_revoked ?? "delete") === "delete")
      return actionLine("delete", this.config.index, record);
    return `${actionLine("index", this.config.index, record)}${JSON.stringify(ecsDocument(record, { revokedFlag: record.action === "delete" }))}\n`;
  }

  async write(records: readonly IocRecord[]): Promise<WriteResult> {
    if (this.context.signal.aborted) throw new AbortedError(`${this.cluster.product.name}: aborted`);
    const bodies = records.map((record) => this.operations(record));
    const indexes = records.map((_, i) => i);
    const outcomes = new Array<RecordOutcome>(records.length);
    const batches = [
      ...batchBy(
        indexes,
        { maxBytes: this.config.flush_bytes ?? 5_000_000 },
        (i) => (bodies[i] as string).length,
      ),
    ];
    await Promise.all(
      batches.map((batch) =>
        this.limiter.run(async () => {
          const result = await this.bulk(batch.map((i) => bodies[i] as string));
          batch.forEach((recordIndex, position) => {
            outcomes[recordIndex] = result[position] as RecordOutcome;
          });
        }),
      ),
    );
    return { outcomes };
  }

  private async bulk(operations: string[]): Promise<RecordOutcome[]> {
    const { name, code } = this.cluster.product;
    try {
      const items = await this.cluster.bulk(operations.join(""), this.context.signal);
      return operations.map((_, i) => itemOutcome(items[i], this.cluster.product));
    } catch (error) {
      if (this.context.signal.aborted) throw new AbortedError(`${name}: aborted`, { cause: error });
      const status = this.cluster.statusOf(error);
      if (status === 401 || status === 403)
        throw new ConfigError(`${name}: credentials rejected by the bulk API (HTTP ${status}): check auth`, {
          code: `CONFIG_${code}_AUTH`,
        });
      const message = `${name}: bulk request failed${status ? ` (HTTP ${status})` : ""}: ${(error as Error).message}`;
      const classify = status === undefined || isRetryableStatus(status) ? transientError : permanentError;
      const facts = { code: status ? `HTTP_${status}` : "NETWORK", cause: error };
      return allFailed(operations.length, classify(message, facts)).outcomes;
    }
  }

  async flush(): Promise<unknown> {
    return undefined;
  }

  async close(): Promise<void> {
    await this.cluster.close();
  }
}
