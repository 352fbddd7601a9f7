/**
 * The TAXII pager: an explicit state machine over one collection's pages (docs/paging.md has the picture).
 *
 * States
 * - `chain`: a request chain from one query. The first request carries `added_after` (the cursor, overlapping
 *   the boundary timestamp when objects there may still be missing); later ones follow `next` (or the TAXII 2.0
 *   Range offset). Roles: `poll` (the poll's own chain), `verify` (after `more: false` on a chain that delivered
 *   something: one re-query from the cursor, so a server that ends early is caught up in the same poll),
 *   `past-block` (after a tie block was walked: strictly after it).
 * - `tie-block`: every request of a chain brings the same objects, all sharing the cursor's `date_added` (a tie
 *   block larger than the server's page cap with no working token). The manifest lists the block with each
 *   record's `date_added` (TAXII 2.1 §5.3 / 2.0 §5.3), so it says where the block ends; the undelivered records
 *   are then fetched with `match[id]` (§3.4.1), a page of ids at a time. `match[id]` is the filter every server
 *   must implement; paging a tie block by `match[version]` cannot work because unseen versions are not known.
 * - `done`, `stalled`: terminal. A stall yields one page carrying the reason, and the cursor stays where
 *   delivery really stopped.
 *
 * The one progress rule is ChainProgress's: a response progresses when it carries objects and their exact set
 * was not served earlier in the same chain. `more: true` with progress follows the token; without progress (or
 * without a token) it falls back to a new chain from the header cursor — only when the cursor moved since the
 * chain began — then to the tie-block walk (once per cursor value), then stalls. A verify chain starts only after
 * a chain delivered new objects. So every chain ends, and a poll starts finitely many chains: it always ends.
 *
 * Cursor strategies (named in the summary and by `doctor`): `header` (X-TAXII-Date-Added-Last), `manifest`
 * (date_added per object from the manifest, when the header is absent, garbage, moves backwards or the server
 * ignores `added_after`), `seen-index` (neither works: every version delivered is recorded in an on-disk index).
 */
import type { CollectionCursor } from "../../checkpoint/types.js";
import { ConfigError } from "../../errors/index.js";
import type { Logger } from "../../logging/index.js";
import type { StixObject } from "../../stix/types.js";
import type { ManifestRecord, ObjectsQuery, TaxiiResult } from "../client.js";
import type { NormalizedEnvelope } from "../envelope.js";
import { TaxiiHttpError } from "../errors.js";
import type { CursorStrategy, Page, PagerNotice } from "../page.js";
import { compareTimestamps, justBefore, serverTimestamp } from "../timestamps.js";
import { type HeaderReading, readDateHeader } from "./header-cursor.js";
import { objectKey, recordKey } from "./keys.js";
import { ChainProgress } from "./progress.js";
import type { SeenIndex } from "./seen-index.js";

/** The two TAXII calls the pager makes (TaxiiClient has them; the testkit's simulated server too). */
export interface PagingClient {
  objects(collectionUrl: string, query: ObjectsQuery): Promise<TaxiiResult<NormalizedEnvelope>>;
  manifest(
    collectionUrl: string,
    query: ObjectsQuery,
  ): Promise<TaxiiResult<{ objects: ManifestRecord[]; more: boolean; next?: string }>>;
}

export interface PagerOptions {
  client: PagingClient;
  /** Collection as configured (id, alias or title): the checkpoint key. */
  collection: string;
  collectionUrl: string;
  pageSize: number;
  /** `header`: never follow `next`, page by the header cursor alone. */
  pagination: "auto" | "next" | "header";
  match?: Record<string, string[] | undefined>;
  logger: Logger;
  /** Opens the collection's seen-index, when the strategy needs one. Default: none (strategy stops at manifest). */
  openSeenIndex?: () => SeenIndex;
}

type ChainRole = "poll" | "verify" | "past-block";

/** How many delivered keys a poll remembers for its fallback strategies (about 100 bytes each). */
const DELIVERED_MEMORY = 200_000;
type State =
  | {
      kind: "chain";
      role: ChainRole;
      addedAfter?: string;
      next?: string;
      limit: number;
      fresh: number;
      first: boolean;
      progress: ChainProgress;
    }
  | { kind: "tie-block" }
  | { kind: "stalled"; reason: string }
  | { kind: "done" };

const STRATEGY_ORDER: readonly CursorStrategy[] = ["header", "manifest", "seen-index"];
const MANIFEST_ID_CHUNK = 50;

/** 400, 404 or 410 to a request carrying `next`: the token expired or was never the server's. */
function isStaleTokenError(error: unknown): boolean {
  return (
    error instanceof TaxiiHttpError && (error.status === 400 || error.status === 404 || error.status === 410)
  );
}

/** 400 whose answer names added_after: the server refuses the configured timestamp. */
function refusesAddedAfter(error: unknown): error is TaxiiHttpError {
  return (
    error instanceof TaxiiHttpError &&
    error.status === 400 &&
    /added_after/i.test(`${error.message} ${JSON.stringify(error.taxiiError ?? {})}`)
  );
}

/** Two timestamps name the same instant, whatever their form (`.000Z`, `+00:00`, digits). */
function sameInstant(a: string | undefined, b: string): boolean {
  return a !== undefined && compareTimestamps(a, b) === 0;
}

function maxTimestamp(values: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const value of values) if (best === undefined || compareTimestamps(value, best) > 0) best = value;
  return best;
}

/** Pages of one collection from a committed cursor; see the module comment for the states and the rule. */
export class TaxiiPager {
  private addedAfter: string | undefined;
  private boundary: Set<string>;
  private complete: boolean;
  private strategy: CursorStrategy;
  private generation: number;
  private seen: SeenIndex | undefined;
  /**
   * Keys delivered earlier in this poll (at most DELIVERED_MEMORY): when a later chain of the same poll finds the
   * cursor unusable (a server that ignores added_after answers a verify re-query with page 1 again), the fallback
   * strategies must not deliver them a second time; they seed the seen-index when it takes over.
   */
  private readonly deliveredThisPoll = new Set<string>();
  private readonly notices: PagerNotice[] = [];
  private readonly warned = new Set<string>();
  private readonly walkedBlocks = new Set<string>();
  private sequence = 0;
  private lastYielded: string;
  private verifiedAt: string | undefined;
  private carryBoundary = false;

  constructor(
    private readonly options: PagerOptions,
    start: CollectionCursor,
  ) {
    const fromConfig = start.boundary_ids === undefined && start.strategy === undefined;
    this.addedAfter =
      start.added_after !== undefined && fromConfig ? serverTimestamp(start.added_after) : start.added_after;
    this.boundary = new Set(start.boundary_ids ?? []);
    this.complete = start.boundary_complete === true;
    this.strategy = start.strategy ?? "header";
    this.generation = start.seen_generation ?? 0;
    this.lastYielded = JSON.stringify(this.cursor());
  }

  async *pages(signal?: AbortSignal): AsyncGenerator<Page> {
    let state: State = this.chainFromCursor("poll", true);
    try {
      if (this.strategy === "seen-index") await this.openSeen();
      while (state.kind === "chain" || state.kind === "tie-block") {
        if (signal?.aborted) return;
        if (state.kind === "tie-block") {
          const walked = yield* this.walkTieBlock();
          state = walked ? this.chainFromCursor("past-block", false) : this.stall("tie-block");
          continue;
        }
        state = yield* this.step(state);
      }
      if (state.kind === "stalled") yield this.page([], false, 0, state.reason);
    } finally {
      await this.seen?.close();
    }
  }

  /** A new chain from the committed cursor: inclusive of the boundary timestamp while the block may be open. */
  private chainFromCursor(role: ChainRole, first: boolean, limit = this.options.pageSize): State {
    const at = this.addedAfter;
    const addedAfter =
      at === undefined ? undefined : this.boundary.size > 0 && !this.complete ? justBefore(at) : at;
    return {
      kind: "chain",
      role,
      limit,
      fresh: 0,
      first,
      progress: new ChainProgress(),
      ...(addedAfter !== undefined ? { addedAfter } : {}),
    };
  }

  /** One request of a chain, the page it yields, and the next state. */
  private async *step(state: Extract<State, { kind: "chain" }>): AsyncGenerator<Page, State> {
    const { client, collectionUrl, match } = this.options;
    const query: ObjectsQuery = {
      added_after: state.addedAfter,
      limit: state.limit,
      next: state.next,
      match,
    };
    let answer: TaxiiResult<NormalizedEnvelope>;
    try {
      answer = await client.objects(collectionUrl, query);
    } catch (error) {
      if (state.next !== undefined && isStaleTokenError(error)) {
        // A new chain from the cursor, if this one delivered something new or the cursor moved: each restart
        // then gains ground, so restarts are finite. Otherwise the block is walked another way, or the poll stalls.
        this.notice(
          "token-expired",
          "the server no longer accepts the next token: continuing from the cursor",
        );
        const again = this.chainFromCursor(state.role, false);
        if (state.fresh > 0 || (again.kind === "chain" && again.addedAfter !== state.addedAfter))
          return again;
        if (
          this.addedAfter !== undefined &&
          this.strategy !== "seen-index" &&
          !this.walkedBlocks.has(this.addedAfter)
        )
          return { kind: "tie-block" };
        return this.stall("token");
      }
      if (
        state.first &&
        state.next === undefined &&
        state.addedAfter !== undefined &&
        refusesAddedAfter(error)
      )
        throw new ConfigError(
          `${collectionUrl} refuses added_after=${state.addedAfter} (${error.message}); check source.added_after / --since: an RFC 3339 UTC timestamp such as 2024-01-01T00:00:00.000Z`,
          { code: "TAXII_ADDED_AFTER_REFUSED", cause: error },
        );
      throw error;
    }
    const { objects } = answer.body;
    const keys = objects.map(objectKey);
    const progressed = state.progress.record(keys);
    // A page that makes no progress repeats a set this chain already served: nothing in it is new.
    const fresh = progressed ? await this.absorb(objects, keys, answer.headers, state.addedAfter) : [];
    const after = this.decide(state, answer.body, progressed, fresh.length);
    if (fresh.length > 0 || this.cursorChanged() || this.notices.length > 0)
      yield this.page(fresh, after.kind === "chain" || after.kind === "tie-block", answer.bytes);
    return after;
  }

  /** The transition after one response of a chain (see the module comment). */
  private decide(
    state: Extract<State, { kind: "chain" }>,
    body: NormalizedEnvelope,
    progressed: boolean,
    freshCount: number,
  ): State {
    const chainFresh = state.fresh + freshCount;
    const hasCursor = this.addedAfter !== undefined && this.strategy !== "seen-index";
    if (body.more && body.objects.length > 0) {
      const token = this.options.pagination === "header" ? undefined : body.next;
      if (progressed && token !== undefined)
        return { ...state, next: token, fresh: chainFresh, first: false };
      // No token, or a token that brought nothing new: a new chain from the header cursor, if it moved.
      if (hasCursor && (progressed || state.next !== undefined)) {
        const requery = this.chainFromCursor(state.role, false);
        if (requery.kind === "chain" && requery.addedAfter !== state.addedAfter) return requery;
      }
      // The cursor did not move: a full page of one date_added. A larger `limit` may get past it, if the
      // server's cap allows; otherwise the manifest walks the block.
      if (hasCursor && body.objects.length >= state.limit && state.limit < this.maxLimit) {
        const wider = this.chainFromCursor(state.role, false, Math.min(state.limit * 4, this.maxLimit));
        if (wider.kind === "chain" && wider.addedAfter === state.addedAfter) return wider;
      }
      if (hasCursor && !this.walkedBlocks.has(this.addedAfter as string)) return { kind: "tie-block" };
      return this.stall(token === undefined ? "no-token" : "token");
    }
    if (body.more)
      this.notice("more-on-empty", "the server said more: true on an empty page: taken as the end");
    // Verify once per cursor position: the cursor only moves forward, so verify chains are finite.
    const position = `${this.addedAfter}|${this.boundary.size}`;
    if (chainFresh > 0 && hasCursor && position !== this.verifiedAt) {
      this.verifiedAt = position;
      return this.chainFromCursor("verify", false);
    }
    // `more: false` on a full page of old objects: the server may end early inside a tie block; a wider
    // `limit` (while its cap allows) shows whether more objects share the cursor's date_added.
    if (hasCursor && freshCount === 0 && body.objects.length >= state.limit && state.limit < this.maxLimit) {
      // Finite: the limit grows fourfold per step, and only verify chains (one per cursor position) start over.
      return this.chainFromCursor(state.role, false, Math.min(state.limit * 4, this.maxLimit));
    }
    // A chain from the cursor that ended without anything new proves the boundary block complete: the next
    // poll asks strictly after it and reads nothing twice.
    if (hasCursor && this.boundary.size > 0) this.complete = true;
    return { kind: "done" };
  }

  private get maxLimit(): number {
    return Math.max(this.options.pageSize * 16, 10_000);
  }

  private cursorChanged(): boolean {
    return JSON.stringify(this.cursor()) !== this.lastYielded;
  }

  /**
   * Decides which objects of a response are new and moves the cursor, by the strategy that works for this page.
   * Returns the fresh objects, in the server's order.
   */
  private async absorb(
    objects: StixObject[],
    keys: string[],
    headers: Record<string, string | undefined>,
    sentAddedAfter: string | undefined,
  ): Promise<StixObject[]> {
    if (objects.length === 0) return [];
    const fresh = await this.absorbByStrategy(objects, keys, headers, sentAddedAfter);
    // Usually every object is fresh: their keys are already at hand.
    const freshKeys = fresh.length === objects.length ? keys : fresh.map(objectKey);
    for (const key of freshKeys) {
      if (this.deliveredThisPoll.size >= DELIVERED_MEMORY) break;
      this.deliveredThisPoll.add(key);
    }
    return fresh;
  }

  private async absorbByStrategy(
    objects: StixObject[],
    keys: string[],
    headers: Record<string, string | undefined>,
    sentAddedAfter: string | undefined,
  ): Promise<StixObject[]> {
    if (this.strategy === "header") {
      const last = readDateHeader(headers["x-taxii-date-added-last"], this.addedAfter);
      const first = readDateHeader(headers["x-taxii-date-added-first"], undefined);
      const ignored =
        sentAddedAfter !== undefined &&
        first.kind === "usable" &&
        compareTimestamps(first.value, sentAddedAfter) < 0;
      if (last.kind === "usable" && !ignored) return this.absorbByHeader(objects, keys, last.value);
      this.reportHeader(last, ignored);
      this.demote("manifest");
    }
    if (this.strategy === "manifest") {
      const dates = await this.manifestDates(objects);
      if (dates !== undefined) return this.absorbByDates(objects, keys, dates);
      this.demote("seen-index");
    }
    return this.absorbBySeenIndex(objects, keys);
  }

  private absorbByHeader(objects: StixObject[], keys: string[], last: string): StixObject[] {
    const fresh = objects.filter((_, index) => !this.boundary.has(keys[index] as string));
    const order = this.addedAfter === undefined ? 1 : compareTimestamps(last, this.addedAfter);
    if (order > 0) {
      this.addedAfter = last;
      this.boundary = new Set(keys);
    } else for (const key of keys) this.boundary.add(key);
    if (fresh.length > 0 || order > 0) this.complete = false;
    return fresh;
  }

  private absorbByDates(objects: StixObject[], keys: string[], dates: Map<string, string>): StixObject[] {
    const cursor = this.addedAfter;
    const fresh = objects.filter((_, index) => {
      const key = keys[index] as string;
      if (this.boundary.has(key)) return false;
      const added = dates.get(key);
      return added === undefined || cursor === undefined || compareTimestamps(added, cursor) >= 0;
    });
    const newest = maxTimestamp(dates.values());
    if (newest !== undefined && (cursor === undefined || compareTimestamps(newest, cursor) > 0)) {
      this.addedAfter = newest;
      const atNewest = keys.filter((key) => sameInstant(dates.get(key), newest));
      // Right after a header cursor turned out wrong, its boundary objects' true dates are unknown: keep them.
      this.boundary = this.carryBoundary ? new Set([...this.boundary, ...atNewest]) : new Set(atNewest);
      this.carryBoundary = false;
      this.complete = false;
    } else if (cursor !== undefined)
      for (const key of keys) if (sameInstant(dates.get(key), cursor)) this.boundary.add(key);
    if (fresh.length > 0) this.complete = false;
    return fresh;
  }

  /**
   * Fresh = not in the seen-index and not at the boundary. Objects the header or manifest cursor delivered before
   * the index took over are not in it; date headers cannot tell them apart (a server ignoring added_after and a
   * header moving back look the same), so they are delivered once more rather than risk losing new ones.
   */
  private async absorbBySeenIndex(objects: StixObject[], keys: string[]): Promise<StixObject[]> {
    const seen = await this.openSeen();
    const known = await seen.known(keys);
    const fresh: StixObject[] = [];
    const added = new Set<string>();
    objects.forEach((object, index) => {
      const key = keys[index] as string;
      if (known.has(key) || this.boundary.has(key) || added.has(key) || this.deliveredThisPoll.has(key))
        return;
      fresh.push(object);
      added.add(key);
    });
    this.generation++;
    await seen.add([...added], this.generation);
    return fresh;
  }

  /**
   * date_added of each object version of a page, from the manifest (`match[id]`, every version). Undefined when
   * the manifest is not there or does not list them: then it cannot be the cursor.
   */
  private async manifestDates(objects: StixObject[]): Promise<Map<string, string> | undefined> {
    const dates = new Map<string, string>();
    let pending = [
      ...new Set(objects.flatMap((object) => (typeof object?.id === "string" ? [object.id] : []))),
    ];
    try {
      // No `next` needed: each request names only ids not yet dated, so a capped answer still gains ground.
      while (pending.length > 0) {
        const chunk = pending.slice(0, MANIFEST_ID_CHUNK);
        const answer = await this.options.client.manifest(this.options.collectionUrl, {
          limit: this.maxLimit,
          match: { id: chunk, version: ["all"] },
        });
        const dated = new Set<string>();
        for (const record of answer.body.objects)
          if (readDateHeader(record.date_added, undefined).kind === "usable") {
            dates.set(recordKey(record), record.date_added);
            dated.add(record.id);
          }
        if (!chunk.some((id) => dated.has(id))) break;
        pending = pending.filter((id) => !dated.has(id));
      }
    } catch (error) {
      if (error instanceof TaxiiHttpError && !error.retryable) return undefined;
      throw error;
    }
    return objects.every((object) => dates.has(objectKey(object))) ? dates : undefined;
  }

  /**
   * Walks the tie block at the cursor by the manifest and fetches its undelivered records by `match[id]`.
   * True when the manifest showed where the block ends (a later record, or `more: false`).
   */
  private async *walkTieBlock(): AsyncGenerator<Page, boolean> {
    const at = this.addedAfter as string;
    this.walkedBlocks.add(at);
    const { client, collectionUrl, pageSize, match } = this.options;
    const progress = new ChainProgress();
    const wanted = new Map<string, string>();
    let ended = false;
    let next: string | undefined;
    try {
      for (;;) {
        const answer = await client.manifest(collectionUrl, {
          added_after: justBefore(at),
          limit: this.maxLimit,
          next,
          match,
        });
        const records = answer.body.objects;
        const progressed = progress.record(records.map(recordKey));
        for (const record of records) {
          const order = compareTimestamps(record.date_added, at);
          if (order > 0) ended = true;
          else if (order === 0 && !this.boundary.has(recordKey(record)))
            wanted.set(recordKey(record), record.id);
        }
        if (ended || !answer.body.more || records.length === 0) {
          ended = true;
          break;
        }
        if (!progressed || answer.body.next === undefined) break;
        next = answer.body.next;
      }
    } catch (error) {
      if (error instanceof TaxiiHttpError && !error.retryable) return false;
      throw error;
    }
    const ids = [...new Set(wanted.values())];
    for (let start = 0; start < ids.length; start += Math.min(MANIFEST_ID_CHUNK, pageSize)) {
      const chunk = ids.slice(start, start + Math.min(MANIFEST_ID_CHUNK, pageSize));
      const answer = await client.objects(collectionUrl, {
        added_after: justBefore(at),
        limit: pageSize,
        match: { ...match, id: chunk },
      });
      const fresh = answer.body.objects.filter((object) => {
        const key = objectKey(object);
        if (!wanted.has(key) || this.boundary.has(key)) return false;
        this.boundary.add(key);
        return true;
      });
      yield this.page(fresh, true, answer.bytes);
    }
    if (ended) this.complete = true;
    return ended;
  }

  private stall(why: "tie-block" | "token" | "no-token"): State {
    const at = this.addedAfter ?? "(no cursor)";
    const reason =
      why === "tie-block"
        ? `more objects share date_added ${at} than the server hands out in one page, and neither next, the header cursor nor the manifest reaches past them`
        : why === "token"
          ? `the server says more objects follow, but its next token brings nothing new and no cursor leads further (at ${at})`
          : `the server says more objects follow but gives no next token and no usable date cursor (at ${at})`;
    this.options.logger.warn(
      { collection: this.options.collection, added_after: this.addedAfter, strategy: this.strategy },
      `paging stalled: ${reason}; the next poll starts where delivery stopped`,
    );
    return { kind: "stalled", reason };
  }

  private demote(to: CursorStrategy): void {
    if (STRATEGY_ORDER.indexOf(to) <= STRATEGY_ORDER.indexOf(this.strategy)) return;
    this.options.logger.warn(
      { collection: this.options.collection, from: this.strategy, to },
      `cursor strategy: ${this.strategy} does not work with this server, using ${to}`,
    );
    this.strategy = to;
    this.carryBoundary = true;
  }

  private reportHeader(last: HeaderReading, ignored: boolean): void {
    if (ignored)
      this.notice(
        "added-after-ignored",
        "the server answers added_after with objects added before it (added_after ignored)",
      );
    else if (last.kind === "absent")
      this.notice("header-absent", "the server sends no X-TAXII-Date-Added-Last header");
    else if (last.kind === "garbage")
      this.notice(
        "header-garbage",
        `X-TAXII-Date-Added-Last '${last.raw}' is not an RFC 3339 timestamp: not used as the cursor`,
      );
    else if (last.kind === "backwards")
      this.notice(
        "header-backwards",
        `X-TAXII-Date-Added-Last ${last.value} is earlier than the cursor ${this.addedAfter}: the cursor never moves back`,
      );
  }

  private notice(kind: PagerNotice["kind"], message: string): void {
    this.notices.push({ kind, message });
    if (this.warned.has(kind)) return;
    this.warned.add(kind);
    this.options.logger.warn({ collection: this.options.collection, notice: kind }, message);
  }

  private async openSeen(): Promise<SeenIndex> {
    if (this.seen) return this.seen;
    if (!this.options.openSeenIndex)
      throw new ConfigError(
        `collection '${this.options.collection}': the server offers no usable cursor (date headers, manifest, added_after) and no seen-index is available`,
        { code: "TAXII_NO_CURSOR" },
      );
    const seen = this.options.openSeenIndex();
    this.seen = seen;
    await seen.rollback(this.generation);
    // What this poll already delivered by another cursor is seen: neither this poll nor a later one repeats it.
    if (this.deliveredThisPoll.size > 0) {
      this.generation++;
      await seen.add([...this.deliveredThisPoll], this.generation);
    }
    return seen;
  }

  private cursor(): CollectionCursor {
    return {
      ...(this.addedAfter !== undefined ? { added_after: this.addedAfter } : {}),
      ...(this.boundary.size > 0 ? { boundary_ids: [...this.boundary] } : {}),
      ...(this.complete ? { boundary_complete: true } : {}),
      strategy: this.strategy,
      ...(this.strategy === "seen-index" ? { seen_generation: this.generation } : {}),
    };
  }

  private page(objects: StixObject[], more: boolean, bytes: number, stalled?: string): Page {
    const notices = this.notices.splice(0);
    const cursor = this.cursor();
    this.lastYielded = JSON.stringify(cursor);
    return {
      collection: this.options.collection,
      objects,
      cursor,
      sequence: ++this.sequence,
      more,
      bytes,
      strategy: this.strategy,
      ...(stalled ? { stalled } : {}),
      ...(notices.length > 0 ? { notices } : {}),
    };
  }
}
