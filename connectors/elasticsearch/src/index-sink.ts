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
  SWEEP_SAMPLE_SIZE,
  type SweepRequest,
  type SweepResult,
  sizeSetting,
  transientError,
  type WriteResult,
} from "@taxiway/core";
import { itemOutcome } from "./bulk-items.js";
import { ecsDocument } from "./document.js";
import type { IndexCluster } from "./index-cluster.js";
import { expiredQuery } from "./sweep-query.js";
import { indexTemplate } from "./template.js";

/**
 * The config keys every search connector shares (their schema is INDEX_SINK_PROPERTIES); each connector adds its
 * connection keys. The sink reads all but `request_timeout`, which the connector's client applies.
 */
export interface IndexSinkConfig {
  index: string;
  flush_bytes?: number | string;
  concurrency?: number;
  on_revoked?: "delete" | "flag";
  template?: boolean | { name?: string; priority?: number };
  request_timeout?: number;
}

/** Expired documents per sweep round (one search, then bulk requests): bounds each request on a large index. */
const SWEEP_PAGE = 5_000;

interface SweepHit {
  _id: string;
  _version?: number;
  _source?: { taxiway?: Record<string, unknown> } & Record<string, unknown>;
}

/**
 * The external version a sweep writes over a held one: the next delete version (odd, `recordVersion`), i.e. the
 * expiry of the same `modified` for an upsert, so a later genuine change still wins.
 */
function sweepVersion(held: number | undefined): bigint {
  const version = BigInt(held ?? 0);
  return version % 2n === 0n ? version + 1n : version + 2n;
}

/** The bulk operation that removes (or, flagging, re-indexes as revoked) one expired document. */
function sweepOperation(index: string, hit: SweepHit, flag: boolean): string {
  const meta = `{"_index":${JSON.stringify(index)},"_id":${JSON.stringify(hit._id)},"version":${sweepVersion(hit._version)},"version_type":"external"}`;
  if (!flag) return `{"delete":${meta}}\n`;
  const source = { ...hit._source, taxiway: { ...hit._source?.taxiway, revoked: true, action: "delete" } };
  return `{"index":${meta}}\n${JSON.stringify(source)}\n`;
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
  private readonly flushBytes: number;
  private opened = false;

  constructor(
    private readonly config: IndexSinkConfig,
    private readonly context: SinkContext,
    private readonly cluster: IndexCluster,
  ) {
    this.type = cluster.product.name;
    this.limiter = new Limiter(config.concurrency ?? 2);
    this.flushBytes = sizeSetting(config.flush_bytes, "flush_bytes", {
      min: 10_000,
      max: 100_000_000,
      fallback: 5_000_000,
    });
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
    const batches = [...batchBy(indexes, { maxBytes: this.flushBytes }, (i) => (bodies[i] as string).length)];
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

  /**
   * Deletes, or flags (with on_revoked: flag), what has expired at `request.now` (expiredQuery): refresh, then
   * rounds of a search for at most SWEEP_PAGE expired documents and bulk requests (cut by flush_bytes, sent
   * `concurrency` at a time) that delete or re-index each one at the next delete version (sweepVersion), so no
   * single request grows with the index and a concurrent newer write wins with a 409 (not counted; the next sweep
   * judges it again). Search + bulk rather than delete/update-by-query: it keeps external versions exact, and it
   * needs no reindex module. A missing index holds nothing to sweep. Whole-call failures throw a SinkError
   * (ES_SWEEP; transient for throttling, server faults and the network).
   */
  async sweep(request: SweepRequest): Promise<SweepResult> {
    const flag = (this.config.on_revoked ?? "delete") === "flag";
    const query = expiredQuery(request, flag);
    const index = encodeURIComponent(this.config.index);
    const refresh = () => this.sweepCall(`/${index}/_refresh?ignore_unavailable=true`, undefined);
    await refresh();
    const result: SweepResult = { expired: 0, sample: [] };
    if (request.dryRun) {
      const found = await this.sweepCall(`/${index}/_search?ignore_unavailable=true`, {
        size: SWEEP_SAMPLE_SIZE,
        _source: false,
        track_total_hits: true,
        query,
      });
      const hits = found.hits as { total?: { value?: number }; hits?: SweepHit[] } | undefined;
      return { expired: hits?.total?.value ?? 0, sample: (hits?.hits ?? []).map((hit) => hit._id) };
    }
    for (;;) {
      if (this.context.signal.aborted) throw new AbortedError(`${this.cluster.product.name}: aborted`);
      const found = await this.sweepCall(`/${index}/_search?ignore_unavailable=true`, {
        size: SWEEP_PAGE,
        version: true,
        _source: flag,
        sort: ["_doc"],
        query,
      });
      const hits = (found.hits as { hits?: SweepHit[] } | undefined)?.hits ?? [];
      if (hits.length === 0) break;
      const done = await this.sweepBulk(hits.map((hit) => sweepOperation(this.config.index, hit, flag)));
      hits.forEach((hit, i) => {
        if (!done[i]) return;
        result.expired++;
        if (result.sample.length < SWEEP_SAMPLE_SIZE) result.sample.push(hit._id);
      });
      await refresh();
      // A round that changed nothing (every document rewritten concurrently) ends the sweep: no loop.
      if (hits.length < SWEEP_PAGE || !done.some(Boolean)) break;
    }
    return result;
  }

  /** Sends sweep operations in bulk requests cut by flush_bytes; true per operation the cluster applied. */
  private async sweepBulk(operations: string[]): Promise<boolean[]> {
    const { name, code } = this.cluster.product;
    const applied = new Array<boolean>(operations.length).fill(false);
    const batches = [
      ...batchBy(
        operations.map((_, i) => i),
        { maxBytes: this.flushBytes },
        (i) => (operations[i] as string).length,
      ),
    ];
    await Promise.all(
      batches.map((batch) =>
        this.limiter.run(async () => {
          let items: Awaited<ReturnType<IndexCluster["bulk"]>>;
          try {
            items = await this.cluster.bulk(batch.map((i) => operations[i]).join(""), this.context.signal);
          } catch (error) {
            throw this.sweepFailure(error);
          }
          batch.forEach((operation, position) => {
            const item = items[position];
            // 409: a newer version arrived meanwhile and wins; 404: already gone.
            if (item && item.status < 300) applied[operation] = true;
            else if (item && item.status !== 409 && item.status !== 404)
              throw transientError(
                `${name}: the sweep could not remove an expired document: ${item.error?.type ?? `HTTP ${item.status}`}: ${item.error?.reason ?? ""}`,
                { code: `${code}_SWEEP`, details: { status: item.status } },
              );
          });
        }),
      ),
    );
    return applied;
  }

  private async sweepCall(path: string, body: unknown): Promise<Record<string, unknown>> {
    try {
      return await this.cluster.post(path, body, this.context.signal);
    } catch (error) {
      throw this.sweepFailure(error);
    }
  }

  private sweepFailure(error: unknown): Error {
    const { name, code } = this.cluster.product;
    if (this.context.signal.aborted) return new AbortedError(`${name}: aborted`, { cause: error });
    const status = this.cluster.statusOf(error);
    if (status === 401 || status === 403)
      return new ConfigError(
        `${name}: may not search, delete or write in ${this.config.index} (HTTP ${status}): the sweep needs the read and write privileges on the index`,
        { code: `CONFIG_${code}_AUTH` },
      );
    const classify = status === undefined || isRetryableStatus(status) ? transientError : permanentError;
    return classify(
      `${name}: sweep failed${status ? ` (HTTP ${status})` : ""}: ${(error as Error).message}`,
      {
        code: `${code}_SWEEP`,
        cause: error,
      },
    );
  }

  async flush(): Promise<unknown> {
    return undefined;
  }

  async close(): Promise<void> {
    await this.cluster.close();
  }
}
