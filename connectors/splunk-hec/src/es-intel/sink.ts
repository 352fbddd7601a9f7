import {
  AbortedError,
  batchBy,
  type CheckResult,
  ConfigError,
  delivered,
  hasExpired,
  type IocRecord,
  Limiter,
  permanent,
  permanentError,
  type RecordOutcome,
  type Sink,
  type SinkContext,
  SinkError,
  SWEEP_SAMPLE_SIZE,
  type SweepRequest,
  type SweepResult,
  timestampMicros,
  transient,
  transientError,
  type WriteResult,
} from "@taxiway/core";
import type { ResolvedEsIntelConfig } from "./config.js";
import { type KvAnswer, KvClient } from "./kv-client.js";
import { INTEL_COLLECTIONS, type IntelCollection, type IntelRow, intelRows, weightOf } from "./rows.js";

/** Keys per existence query: `$or` of `_key` equalities in a GET query string stays well below URL limits. */
const KEYS_PER_QUERY = 100;

interface PendingRow {
  record: number;
  row: IntelRow;
  /** The record's `modified` (else `created`) in µs: the version a stored row's `time` is compared with. */
  micros: bigint;
}

const outcomeOf = (error: SinkError): RecordOutcome =>
  error.retryable ? transient(error) : permanent(error);

/** ES's `time` (epoch seconds) at µs precision, and back: a double holds 16 digits, enough for µs until 2286. */
const secondsOf = (micros: bigint) => Number(micros) / 1e6;
const microsOf = (seconds: unknown) => BigInt(Math.round((Number(seconds) || 0) * 1e6));

/** Candidate rows per sweep query page (Splunk's KV store answers at most 50 000 by default). */
const SWEEP_PAGE = 1000;

/**
 * `taxiway_expires`: the IOC's `expires_at` (else `valid_until`) in epoch seconds, the field a sweep queries.
 * Enterprise Security ignores fields it does not know.
 */
function expiryField(record: IocRecord): { taxiway_expires?: number } {
  const at = Date.parse(record.expires_at ?? record.valid_until ?? "");
  return Number.isNaN(at) ? {} : { taxiway_expires: at / 1000 };
}

/** The KV-store query of sweep candidates: an expiry at or before now, or (expire_after) a `time` older than that. */
function candidatesQuery(request: SweepRequest): Record<string, unknown> {
  const expired: Record<string, unknown>[] = [{ taxiway_expires: { $lte: request.now / 1000 } }];
  if (request.expireAfterMs !== undefined)
    expired.push({ time: { $lte: (request.now - request.expireAfterMs) / 1000 } });
  return { $or: expired };
}

/** Collects rows by collection, in the order they come. */
function pushTo(map: Map<IntelCollection, PendingRow[]>, pending: PendingRow): void {
  const list = map.get(pending.row.collection);
  if (list) list.push(pending);
  else map.set(pending.row.collection, [pending]);
}

/**
 * Writes IOCs into Enterprise Security's threat-intelligence KV-store collections (`ip_intel`, `file_intel`, …)
 * through the management REST API: `batch_save` upserts by `_key` = the record key, revoked and expired IOCs are
 * deleted by `_key`. Versions follow `recordVersion` against the row's stored `time` (µs): an upsert is skipped when
 * the row holds a later `modified`, a delete removes the row unless it holds a later `modified` (a delete of the
 * same `modified` wins), so a replayed or out-of-order page never rolls intel back.
 */
export class SplunkEsIntelSink implements Sink {
  readonly type = "splunk-es-intel";
  private readonly client: KvClient;
  private readonly limiter: Limiter;
  private readonly skipped = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly config: ResolvedEsIntelConfig,
    private readonly context: SinkContext,
  ) {
    this.client = new KvClient(config);
    this.limiter = new Limiter(config.maxInFlight);
  }

  async check(): Promise<CheckResult> {
    try {
      const who = await this.client.call("GET", "/services/authentication/current-context", {
        signal: this.context.signal,
      });
      if (who.status === 401 || who.status === 403)
        return {
          ok: false,
          message: `splunk-es-intel: credentials rejected by the management port (HTTP ${who.status}): check auth`,
          details: { status: who.status, retryable: false },
        };
      const collection = await this.client.call("GET", this.client.configPath("ip_intel"), {
        signal: this.context.signal,
      });
      if (collection.status === 404)
        return {
          ok: false,
          message: `splunk-es-intel: no threat-intelligence collections in app ${this.config.app} (owner ${this.config.owner}); is Enterprise Security installed, and is app right?`,
          details: { status: 404, retryable: false },
        };
      if (collection.status >= 400)
        return {
          ok: false,
          message: `splunk-es-intel: cannot read the ip_intel collection (HTTP ${collection.status}): ${collection.message}`,
          details: { status: collection.status, retryable: collection.status >= 500 },
        };
      return {
        ok: true,
        message: `splunk-es-intel: ${this.config.base.host} reachable; ${this.config.app} collections readable`,
      };
    } catch (error) {
      return {
        ok: false,
        message: `splunk-es-intel: cannot reach ${this.config.base.host}: ${(error as Error).message}`,
        details: { retryable: true },
      };
    }
  }

  async open(): Promise<void> {}

  async write(records: readonly IocRecord[]): Promise<WriteResult> {
    if (this.context.signal.aborted) throw new AbortedError("splunk-es-intel: aborted");
    const outcomes: RecordOutcome[] = records.map(() => delivered());
    const settle = (record: number, outcome: RecordOutcome) => {
      const current = outcomes[record] as RecordOutcome;
      // The worst outcome of a record's rows is the record's: permanent, then transient, then delivered.
      if (
        current.status === "permanent" ||
        (current.status === "transient" && outcome.status === "delivered")
      )
        return;
      outcomes[record] = outcome;
    };
    const upserts = new Map<IntelCollection, PendingRow[]>();
    const deletes = new Map<IntelCollection, PendingRow[]>();
    records.forEach((record, index) => {
      const rows = intelRows(record);
      if (rows.length === 0) this.skipped.set(record.type, (this.skipped.get(record.type) ?? 0) + 1);
      const micros = timestampMicros(record.modified ?? record.created) ?? 0n;
      for (const row of rows) {
        const pending = { record: index, row, micros };
        if (record.action === "delete") {
          pushTo(deletes, pending);
          continue;
        }
        row.fields = {
          ...row.fields,
          threat_key: this.config.threatKey ?? record.source_feed,
          description: record.description ?? record.name ?? record.value,
          time: secondsOf(micros),
          ...expiryField(record),
          weight: this.config.weight ?? weightOf(record.confidence),
        };
        pushTo(upserts, pending);
      }
    });
    const tasks: Promise<void>[] = [];
    for (const [collection, rows] of upserts)
      for (const batch of batchBy(rows, { maxCount: this.config.batchSize }))
        tasks.push(this.limiter.run(() => this.upsert(collection, batch, settle)));
    for (const [collection, rows] of deletes)
      for (const batch of batchBy(rows, { maxCount: KEYS_PER_QUERY }))
        tasks.push(this.limiter.run(() => this.removeBatch(collection, batch, settle)));
    await Promise.all(tasks);
    return { outcomes };
  }

  /** Times already held for these keys, so an older version is never written over a newer one. */
  private async heldTimes(collection: IntelCollection, keys: string[]): Promise<Map<string, bigint>> {
    const held = new Map<string, bigint>();
    for (const chunk of batchBy(keys, { maxCount: KEYS_PER_QUERY })) {
      const answer = await this.client.call("GET", this.client.dataPath(collection), {
        query: { query: JSON.stringify({ $or: chunk.map((_key) => ({ _key })) }), fields: "_key,time" },
        signal: this.context.signal,
      });
      this.throwIfFatal(answer, collection);
      if (answer.status >= 400) throw this.failure(answer, collection);
      for (const row of (answer.body as Array<{ _key?: string; time?: unknown }>) ?? [])
        if (typeof row._key === "string") held.set(row._key, microsOf(row.time));
    }
    return held;
  }

  private async upsert(
    collection: IntelCollection,
    batch: PendingRow[],
    settle: (record: number, outcome: RecordOutcome) => void,
  ): Promise<void> {
    try {
      const held = await this.heldTimes(
        collection,
        batch.map((p) => p.row.key),
      );
      const newer = batch.filter((p) => {
        const stored = held.get(p.row.key);
        return stored === undefined || stored <= p.micros;
      });
      await this.save(collection, newer, settle);
    } catch (error) {
      const failure = this.thrownFailure(error);
      for (const pending of batch) settle(pending.record, outcomeOf(failure));
    }
  }

  /** batch_save, halving on 400/413 so one bad row is isolated and dead-lettered while the rest land. */
  private async save(
    collection: IntelCollection,
    rows: PendingRow[],
    settle: (record: number, outcome: RecordOutcome) => void,
  ): Promise<void> {
    if (rows.length === 0) return;
    const answer = await this.client.call("POST", this.client.dataPath(collection, "/batch_save"), {
      json: rows.map((p) => ({ _key: p.row.key, ...p.row.fields })),
      signal: this.context.signal,
    });
    this.throwIfFatal(answer, collection);
    if (answer.status < 300) return;
    if ((answer.status === 400 || answer.status === 413) && rows.length > 1) {
      const half = Math.ceil(rows.length / 2);
      await this.save(collection, rows.slice(0, half), settle);
      await this.save(collection, rows.slice(half), settle);
      return;
    }
    const failure = this.failure(answer, collection);
    for (const pending of rows) settle(pending.record, outcomeOf(failure));
  }

  /**
   * Deletes the rows of a batch the collection does not hold at a later `modified`: a held row is an upsert, whose
   * version (µs × 2) is below a delete's of the same µs (µs × 2 + 1). A stale delete is delivered without deleting.
   */
  private async removeBatch(
    collection: IntelCollection,
    batch: PendingRow[],
    settle: (record: number, outcome: RecordOutcome) => void,
  ): Promise<void> {
    let held: Map<string, bigint>;
    try {
      held = await this.heldTimes(
        collection,
        batch.map((p) => p.row.key),
      );
    } catch (error) {
      const failure = this.thrownFailure(error);
      for (const pending of batch) settle(pending.record, outcomeOf(failure));
      return;
    }
    const due = batch.filter((p) => {
      const stored = held.get(p.row.key);
      return stored !== undefined && stored <= p.micros;
    });
    await Promise.all(due.map((pending) => this.remove(pending, settle)));
  }

  private async remove(pending: PendingRow, settle: (record: number, outcome: RecordOutcome) => void) {
    const { collection, key } = pending.row;
    try {
      const answer = await this.client.call(
        "DELETE",
        this.client.dataPath(collection, `/${encodeURIComponent(key)}`),
        {
          signal: this.context.signal,
        },
      );
      this.throwIfFatal(answer, collection, true);
      // 404: already gone (or never written): the deletion holds.
      if (answer.status < 300 || answer.status === 404) return;
      const failure = this.failure(answer, collection);
      settle(pending.record, outcomeOf(failure));
    } catch (error) {
      settle(pending.record, outcomeOf(this.thrownFailure(error)));
    }
  }

  /**
   * What a thrown error means for the records of the request: config errors and aborts end the write; a sink
   * error keeps its verdict; anything else (connection refused, reset, timeout) is transient.
   */
  private thrownFailure(error: unknown): SinkError {
    if (error instanceof ConfigError) throw error;
    if (this.context.signal.aborted) throw new AbortedError("splunk-es-intel: aborted", { cause: error });
    if (error instanceof SinkError) return error;
    return transientError(`splunk-es-intel: ${(error as Error).message}`, { code: "NETWORK", cause: error });
  }

  /** Credentials and a missing app or collection stop the run: retrying cannot fix them. */
  private throwIfFatal(answer: KvAnswer, collection: IntelCollection, deleting = false): void {
    if (answer.status === 401 || answer.status === 403)
      throw new ConfigError(
        `splunk-es-intel: the management port refused these credentials (HTTP ${answer.status}) for ${collection}: check auth (the user needs edit_threat_intel_collections, or write access to ${this.config.app}'s KV store)`,
        { code: "CONFIG_SPLUNK_AUTH" },
      );
    if (answer.status === 404 && !deleting)
      throw new ConfigError(
        `splunk-es-intel: collection ${collection} not found in app ${this.config.app} (owner ${this.config.owner}): is Enterprise Security installed, and is app right? ${answer.message}`.trim(),
        { code: "CONFIG_SPLUNK_COLLECTION" },
      );
  }

  private failure(answer: KvAnswer, collection: IntelCollection) {
    const message = `splunk-es-intel: ${collection}: HTTP ${answer.status}${answer.message ? `: ${answer.message}` : ""}`;
    return answer.status === 429 || answer.status >= 500 || answer.status === 408
      ? transientError(message, { code: `HTTP_${answer.status}`, details: { status: answer.status } })
      : permanentError(message, { code: `HTTP_${answer.status}`, details: { status: answer.status } });
  }

  /**
   * Queries every collection for rows whose `taxiway_expires` has passed (or, with `expireAfterMs`, whose `time`
   * is older than that and that carry no expiry), a page of SWEEP_PAGE candidates at a time, then deletes them by
   * `_key`. A delete that fails stops the sweep with its SinkError (the next sweep finds what is left).
   */
  async sweep(request: SweepRequest): Promise<SweepResult> {
    const result: SweepResult = { expired: 0, sample: [] };
    for (const collection of INTEL_COLLECTIONS) {
      const keys = await this.expiredKeys(collection, request);
      result.expired += keys.length;
      result.sample.push(...keys.slice(0, SWEEP_SAMPLE_SIZE - result.sample.length));
      if (request.dryRun) continue;
      for (const batch of batchBy(keys, { maxCount: this.config.maxInFlight }))
        await Promise.all(batch.map((key) => this.deleteKey(collection, key)));
    }
    return result;
  }

  private async expiredKeys(collection: IntelCollection, request: SweepRequest): Promise<string[]> {
    const keys: string[] = [];
    const query = JSON.stringify(candidatesQuery(request));
    for (let skip = 0; ; skip += SWEEP_PAGE) {
      if (this.context.signal.aborted) throw new AbortedError("splunk-es-intel: aborted");
      const answer = await this.client.call("GET", this.client.dataPath(collection), {
        query: { query, fields: "_key,time,taxiway_expires", limit: String(SWEEP_PAGE), skip: String(skip) },
        signal: this.context.signal,
      });
      if (answer.status === 404) return keys; // no such collection in this app: nothing to sweep
      this.throwIfFatal(answer, collection);
      if (answer.status >= 400) throw this.failure(answer, collection);
      const rows = (answer.body as Array<{ _key?: string; time?: unknown; taxiway_expires?: unknown }>) ?? [];
      for (const row of rows) {
        const expires = Number(row.taxiway_expires);
        const held = {
          ...(Number.isFinite(expires) && row.taxiway_expires !== undefined
            ? { expires_at: new Date(expires * 1000).toISOString() }
            : {}),
          modified: new Date(Number(row.time) * 1000).toISOString(),
        };
        if (typeof row._key === "string" && hasExpired(held, request)) keys.push(row._key);
      }
      if (rows.length < SWEEP_PAGE) return keys;
    }
  }

  private async deleteKey(collection: IntelCollection, key: string): Promise<void> {
    const answer = await this.client.call(
      "DELETE",
      this.client.dataPath(collection, `/${encodeURIComponent(key)}`),
      { signal: this.context.signal },
    );
    this.throwIfFatal(answer, collection, true);
    if (answer.status >= 300 && answer.status !== 404) throw this.failure(answer, collection);
  }

  async flush(): Promise<unknown> {
    return undefined;
  }

  async close(): Promise<void> {
    if (this.skipped.size > 0)
      this.context.logger.info(
        { skipped: Object.fromEntries(this.skipped) },
        "splunk-es-intel: IOC types without an Enterprise Security collection were not written",
      );
    this.skipped.clear();
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }
}
