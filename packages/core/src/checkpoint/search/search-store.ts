import {
  CheckpointConflictError,
  ConfigError,
  type LeaseHolder,
  LeaseLostError,
  LockedError,
} from "../../errors/index.js";
import type { SeenIndex } from "../../taxii/paging/seen-index.js";
import { DEFAULT_LEASE_TTL_MS, newLeaseOwner } from "../lease-owner.js";
import { checkpointShapeProblems } from "../schema.js";
import type {
  CheckpointDocument,
  CheckpointLease,
  CheckpointStore,
  CheckpointUpdate,
  CommitAuthority,
} from "../types.js";
import { type SearchAuth, SearchHttp, type SearchTls } from "./search-http.js";
import { SearchSeenIndex } from "./search-seen-index.js";

export interface SearchStoreOptions {
  url: string;
  /** The index of the job documents (default `taxiway-checkpoints`); `<index>-seen` and `<index>-history` beside it. */
  index?: string;
  auth?: SearchAuth;
  tls?: SearchTls;
  leaseTtlMs?: number;
}

/** A job's document in the checkpoint index. Lease times are epoch ms by the writing worker's clock. */
interface JobSource {
  job: string;
  revision: number;
  document: Omit<CheckpointDocument, "format" | "job" | "revision" | "updated_at"> | null;
  updated_at?: string;
  lease_owner?: string | null;
  lease_expires_at?: number | null;
  /** The lease owner that committed `revision`, so its history entry can be written again after a crash. */
  committed_by?: string | null;
}

interface Got {
  found: boolean;
  seqNo?: number;
  primaryTerm?: number;
  source?: JobSource;
}

const MAPPINGS: Record<string, Record<string, unknown>> = {
  jobs: {
    dynamic: false,
    properties: {
      job: { type: "keyword" },
      revision: { type: "long" },
      updated_at: { type: "date" },
      lease_owner: { type: "keyword" },
      lease_expires_at: { type: "long" },
      document: { type: "object", enabled: false },
    },
  },
  seen: {
    dynamic: false,
    properties: { job: { type: "keyword" }, collection: { type: "keyword" }, generation: { type: "long" } },
  },
  history: {
    dynamic: false,
    properties: {
      job: { type: "keyword" },
      revision: { type: "long" },
      owner: { type: "keyword" },
      committed_at: { type: "date" },
    },
  },
};

const iso = (ms: number | null | undefined) =>
  typeof ms === "number" ? new Date(ms).toISOString() : undefined;

/**
 * Job state as one document per job in an Elasticsearch or OpenSearch index. Commits are compare-and-set with
 * `if_seq_no`/`if_primary_term` after a realtime GET by id (never a search, which would see only refreshed data).
 * The lease lives in the same document and is taken, renewed and released the same way (no scripts: clusters
 * without Painless, or with scripting disabled, work too). Its expiry is epoch ms by the writing worker's clock, so
 * clock skew between workers moves a takeover earlier or later by the skew; it never lets two workers commit, since
 * every takeover changes the document's seq_no and owner. Each commit also writes `<index>-history/<job>:<revision>`
 * with `op_type=create`.
 */
export class SearchCheckpointStore implements CheckpointStore {
  readonly location: string;
  readonly leaseTtlMs: number;
  readonly index: string;
  readonly http: SearchHttp;
  private ready: Promise<void> | undefined;
  private readonly owners = new Map<string, string>();

  constructor(options: SearchStoreOptions) {
    this.http = new SearchHttp(options);
    this.index = options.index ?? "taxiway-checkpoints";
    this.location = `${this.http.location} index ${this.index}`;
    this.leaseTtlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  }

  /** The three indices, created on first use (an existing one is fine: several workers start at once). */
  ensureIndices(): Promise<void> {
    this.ready ??= (async () => {
      for (const [suffix, mappings] of [
        ["", MAPPINGS.jobs],
        ["-seen", MAPPINGS.seen],
        ["-history", MAPPINGS.history],
      ] as const) {
        const reply = await this.http.send(
          "PUT",
          `/${this.index}${suffix}`,
          { settings: { number_of_replicas: 0, "index.auto_expand_replicas": "0-1" }, mappings },
          [400],
        );
        const type = (reply.body.error as { type?: string } | undefined)?.type;
        if (reply.status === 400 && type !== "resource_already_exists_exception")
          throw new ConfigError(
            `checkpoint store ${this.location}: could not create index ${this.index}${suffix}: ${JSON.stringify(reply.body.error).slice(0, 300)}`,
            { code: "CHECKPOINT_STORE" },
          );
      }
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private docPath(job: string): string {
    return `/${this.index}/_doc/${encodeURIComponent(job)}`;
  }

  private async get(job: string): Promise<Got> {
    await this.ensureIndices();
    const reply = await this.http.send("GET", `${this.docPath(job)}?realtime=true`, undefined, [404]);
    if (reply.status === 404 || reply.body.found !== true) return { found: false };
    return {
      found: true,
      seqNo: reply.body._seq_no as number,
      primaryTerm: reply.body._primary_term as number,
      source: reply.body._source as JobSource,
    };
  }

  async load(job: string): Promise<CheckpointDocument | undefined> {
    const got = await this.get(job);
    if (!got.source?.document) return undefined;
    const document = {
      ...got.source.document,
      format: 1,
      job,
      revision: got.source.revision,
      updated_at: got.source.updated_at ?? "",
    };
    const problems = await checkpointShapeProblems(document);
    if (problems.length > 0)
      throw new ConfigError(
        `checkpoint of job '${job}' in ${this.location} does not have the shape taxiway writes (${problems.slice(0, 5).join("; ")}); reset it with 'taxiway state JOB reset'`,
        { code: "CHECKPOINT_CORRUPT", details: { problems } },
      );
    return document as CheckpointDocument;
  }

  /** PUT `source` as the job's document only if it is still the version `got` read (or absent, when not found). */
  private async putIfUnchanged(job: string, got: Got, source: JobSource): Promise<boolean> {
    const condition = got.found
      ? `if_seq_no=${got.seqNo}&if_primary_term=${got.primaryTerm}`
      : "op_type=create";
    const reply = await this.http.send("PUT", `${this.docPath(job)}?${condition}`, source, [409]);
    return reply.status !== 409;
  }

  async commit(
    job: string,
    next: CheckpointUpdate,
    expectedRevision: number,
    by?: CommitAuthority,
  ): Promise<CheckpointDocument> {
    const body = {
      collections: next.collections,
      sinks: next.sinks,
      ...(next.last_run ? { last_run: next.last_run } : {}),
    };
    // A 409 means the document changed between the GET and the PUT (often our own lease renewal): read it again and
    // judge again; a real conflict or a lost lease then throws.
    for (let attempt = 0; attempt < 8; attempt++) {
      const got = await this.get(job);
      this.refuseUnlessCommittable(job, got, expectedRevision, by);
      const updated_at = new Date().toISOString();
      const source: JobSource = {
        ...(got.source ?? { lease_owner: null, lease_expires_at: null }),
        job,
        revision: expectedRevision + 1,
        document: body,
        updated_at,
        committed_by: by?.owner ?? null,
        // A commit is progress: it extends the committer's lease as a renewal would.
        ...(by ? { lease_expires_at: Date.now() + this.leaseTtlMs } : {}),
      };
      if (!(await this.putIfUnchanged(job, got, source))) continue;
      await this.recordHistory(source);
      return { format: 1, job, revision: source.revision, updated_at, ...body };
    }
    throw new CheckpointConflictError(
      `checkpoint of job '${job}' in ${this.location} kept changing during the commit; not committed`,
      { details: { job, expected: expectedRevision } },
    );
  }

  /**
   * Writes the history entry of the revision `source` holds (create-only: an entry already there is kept). The
   * document and its history entry are two writes, so a worker killed between them leaves the entry out; the next
   * worker to take the lease writes it from the document before it can commit, so the history has no gap.
   */
  private async recordHistory(source: JobSource): Promise<void> {
    if (source.revision < 1) return;
    await this.http.send(
      "PUT",
      `/${this.index}-history/_create/${encodeURIComponent(`${source.job}:${source.revision}`)}`,
      {
        job: source.job,
        revision: source.revision,
        owner: source.committed_by ?? null,
        committed_at: source.updated_at ?? null,
      },
      [409],
    );
  }

  private refuseUnlessCommittable(job: string, got: Got, expected: number, by?: CommitAuthority): void {
    const source = got.source;
    const holder = source?.lease_owner
      ? { owner: source.lease_owner, expires_at: iso(source.lease_expires_at) }
      : undefined;
    if (by && source?.lease_owner !== by.owner)
      throw new LeaseLostError(
        `the lease on job '${job}' ${holder ? `was taken over by ${holder.owner}` : "is gone"} (${this.location}); this worker stops without committing`,
        { details: { job, store: this.location }, ...(holder ? { holder } : {}) },
      );
    // Without a lease of its own, a writer judges the holder's expiry by its own clock: the best it can do here.
    if (!by && holder && (source?.lease_expires_at ?? 0) > Date.now())
      throw new LockedError(
        `job '${job}' is held by ${holder.owner} until ${holder.expires_at}; not committed`,
        {
          details: { job, store: this.location },
          holder,
        },
      );
    const found = source?.revision ?? 0;
    if (found !== expected)
      throw new CheckpointConflictError(
        `checkpoint of job '${job}' in ${this.location} moved to revision ${found} while this run expected ${expected}: another run advanced it`,
        { details: { job, expected, found } },
      );
  }

  /**
   * Changes the job's document with `change` (given what a realtime GET read) under if_seq_no/if_primary_term,
   * reading and judging again after a 409; `change` returns undefined to leave it as it is.
   */
  private async update(
    job: string,
    change: (got: Got) => JobSource | undefined,
  ): Promise<JobSource | undefined> {
    for (let attempt = 0; attempt < 16; attempt++) {
      const got = await this.get(job);
      const next = change(got);
      if (next === undefined) return undefined;
      if (await this.putIfUnchanged(job, got, next)) return next;
    }
    throw new CheckpointConflictError(
      `the document of job '${job}' in ${this.location} kept changing; try again`,
      {
        details: { job },
      },
    );
  }

  private holderOf(source: JobSource | undefined) {
    return source?.lease_owner
      ? { owner: source.lease_owner, expires_at: iso(source.lease_expires_at) }
      : undefined;
  }

  async leaseHolder(job: string): Promise<LeaseHolder | undefined> {
    return this.holderOf((await this.get(job)).source);
  }

  async lock(job: string): Promise<CheckpointLease> {
    const owner = newLeaseOwner();
    const taken = await this.update(job, (got) => {
      const holder = this.holderOf(got.source);
      if (holder && (got.source?.lease_expires_at ?? 0) > Date.now())
        throw new LockedError(
          `job '${job}' is already running: ${holder.owner} holds its lease until ${holder.expires_at} (${this.location}); this run exits`,
          { details: { job, store: this.location }, holder },
        );
      return {
        ...(got.source ?? { job, revision: 0, document: null }),
        lease_owner: owner,
        lease_expires_at: Date.now() + this.leaseTtlMs,
      };
    });
    if (taken) await this.recordHistory(taken);
    this.owners.set(job, owner);
    return this.lease(job, owner, iso(taken?.lease_expires_at));
  }

  private lease(job: string, owner: string, expires: string | undefined): CheckpointLease {
    let expiresAt = expires;
    let released = false;
    return {
      owner,
      ttlMs: this.leaseTtlMs,
      get expiresAt() {
        return expiresAt;
      },
      renew: async () => {
        const renewed = await this.update(job, (got) => {
          if (got.source?.lease_owner !== owner) {
            const holder = this.holderOf(got.source);
            throw new LeaseLostError(
              `the lease on job '${job}' ${holder ? `was taken over by ${holder.owner}` : "is gone"} (${this.location})`,
              { details: { job, store: this.location }, ...(holder ? { holder } : {}) },
            );
          }
          return { ...got.source, lease_expires_at: Date.now() + this.leaseTtlMs };
        });
        expiresAt = iso(renewed?.lease_expires_at);
      },
      release: async () => {
        if (released) return;
        released = true;
        if (this.owners.get(job) === owner) this.owners.delete(job);
        await this.update(job, (got) =>
          got.source?.lease_owner === owner
            ? { ...got.source, lease_owner: null, lease_expires_at: null }
            : undefined,
        );
      },
    };
  }

  /** The lease owner this process holds on `job`, if any. */
  ownerOf(job: string): string | undefined {
    return this.owners.get(job);
  }

  /** Throws LeaseLostError unless `owner` holds the job's lease (a realtime read: not atomic with the next write). */
  async assertHolds(job: string, owner: string): Promise<void> {
    const source = (await this.get(job)).source;
    if (source?.lease_owner === owner) return;
    throw new LeaseLostError(
      `the lease on job '${job}' was lost (${this.location}); the seen-index was not changed`,
      {
        details: { job, store: this.location },
      },
    );
  }

  /**
   * Deletes the documents of `job` from `<index><suffix>`: search (after a refresh) and bulk-delete by id in rounds,
   * since `_delete_by_query` needs the reindex module, which minimal distributions lack.
   */
  async deleteByJob(suffix: string, job: string, extra: unknown[] = []): Promise<void> {
    await this.ensureIndices();
    const index = `${this.index}${suffix}`;
    await this.http.send("POST", `/${index}/_refresh`);
    for (;;) {
      const reply = await this.http.send("POST", `/${index}/_search`, {
        size: 5000,
        _source: false,
        query: { bool: { filter: [{ term: { job } }, ...extra] } },
      });
      const hits = (reply.body.hits as { hits: Array<{ _id: string }> }).hits;
      if (hits.length === 0) return;
      const lines = hits.map((hit) => JSON.stringify({ delete: { _index: index, _id: hit._id } }));
      await this.http.send("POST", "/_bulk?refresh=true", `${lines.join("\n")}\n`);
    }
  }

  async reset(job: string): Promise<void> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const got = await this.get(job);
      if (!got.found) break;
      const source = {
        ...(got.source as JobSource),
        revision: 0,
        document: null,
        updated_at: new Date().toISOString(),
      };
      if (await this.putIfUnchanged(job, got, source)) break;
    }
    await this.deleteByJob("-seen", job);
    await this.deleteByJob("-history", job);
  }

  seenIndex(job: string, collection: string, owner?: () => string | undefined): SeenIndex {
    return new SearchSeenIndex(this, job, collection, owner);
  }

  /** The committed revisions of `job`, oldest first, with who committed each (audits, the fleet test). */
  async history(
    job: string,
  ): Promise<Array<{ revision: number; owner: string | null; committed_at: string }>> {
    await this.ensureIndices();
    await this.http.send("POST", `/${this.index}-history/_refresh`);
    const reply = await this.http.send("POST", `/${this.index}-history/_search`, {
      size: 10_000,
      query: { term: { job } },
      sort: [{ revision: "asc" }],
    });
    const hits = (reply.body.hits as { hits: Array<{ _source: Record<string, unknown> }> }).hits;
    return hits.map(({ _source }) => ({
      revision: Number(_source.revision),
      owner: (_source.owner as string | null) ?? null,
      committed_at: String(_source.committed_at),
    }));
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
