import {
  type ManifestRecord,
  type ObjectsQuery,
  type PagingClient,
  parseTimestamp,
  type StixObject,
  TaxiiHttpError,
} from "@taxiway/core";
import type { ServerHabits } from "./habits.js";

interface Entry {
  object: StixObject;
  key: string;
  /** date_added, epoch ms. */
  added: number;
}

interface TokenState {
  query: string;
  position: number;
}

const BASE = Date.UTC(2026, 0, 1);
/** `expiring` tokens: every this-many-th redemption is refused as expired (a slow sink outliving the token). */
export const EXPIRE_EVERY = 4;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Thrown when a client sends more requests than the budget allows: it did not terminate. */
export class RequestBudgetExceeded extends Error {}

/**
 * An in-process TAXII collection whose behaviour is a set of switches (ServerHabits). It answers the two calls the
 * pager makes (objects, manifest) exactly as TaxiiClient would hand them over, so thousands of habit combinations
 * run in milliseconds. Objects arrive in batches; every object of a batch shares one date_added (a tie block), as
 * medallion gives every object of one POST.
 */
export class SimulatedTaxiiServer implements PagingClient {
  private readonly entries: Entry[] = [];
  private readonly tokens = new Map<string, TokenState>();
  private issued = 0;
  private redemptions = 0;
  private batches = 0;
  /** Requests answered so far (objects and manifest). */
  requests = 0;

  constructor(
    readonly habits: ServerHabits,
    /** The client fails with RequestBudgetExceeded after this many requests: a loop, not a slow server. */
    readonly requestBudget = 10_000,
  ) {}

  /** Adds a batch of `size` indicators sharing one date_added, one second after the previous batch. */
  addBatch(size: number): StixObject[] {
    const added = BASE + ++this.batches * 1000;
    const objects: StixObject[] = [];
    for (let k = 0; k < size; k++) {
      const n = this.entries.length;
      const object: StixObject = {
        type: "indicator",
        spec_version: "2.1",
        id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
        created: "2026-01-01T00:00:00.000Z",
        modified: "2026-01-01T00:00:00.000Z",
        pattern: `[ipv4-addr:value = '10.0.${(n >> 8) & 255}.${n & 255}']`,
        pattern_type: "stix",
        valid_from: "2026-01-01T00:00:00.000Z",
      };
      this.entries.push({ object, key: `${object.id}@${object.modified}`, added });
      objects.push(object);
    }
    return objects;
  }

  /** Every object version the collection holds, as `id@version`. */
  keys(): string[] {
    return this.entries.map((entry) => entry.key);
  }

  /** The largest tie block (objects sharing one date_added). */
  largestTieBlock(): number {
    const sizes = new Map<number, number>();
    for (const entry of this.entries) sizes.set(entry.added, (sizes.get(entry.added) ?? 0) + 1);
    return Math.max(0, ...sizes.values());
  }

  async objects(_url: string, query: ObjectsQuery) {
    const page = this.page(query, "objects");
    return {
      body: {
        objects: page.items.map((entry) => entry.object),
        more: page.more,
        ...(page.next ? { next: page.next } : {}),
      },
      headers: this.dateHeaders(page.items),
      bytes: 0,
    };
  }

  async manifest(_url: string, query: ObjectsQuery) {
    if (!this.habits.manifest) throw this.error(404, "no manifest endpoint");
    const page = this.page(query, "manifest");
    const objects: ManifestRecord[] = page.items.map((entry) => ({
      id: String(entry.object.id),
      date_added: iso(entry.added),
      version: String(entry.object.modified),
    }));
    return {
      body: { objects, more: page.more, ...(page.next ? { next: page.next } : {}) },
      headers: {},
      bytes: 0,
    };
  }

  private error(status: number, description: string): TaxiiHttpError {
    return new TaxiiHttpError({
      status,
      url: "simulated://collection/",
      body: JSON.stringify({ title: description }),
      contentType: "application/taxii+json",
    });
  }

  private matching(query: ObjectsQuery): Entry[] {
    let items = this.entries;
    const after = query.added_after;
    if (after !== undefined && this.habits.addedAfter !== "ignored") {
      const parsed = parseTimestamp(after);
      if (!parsed) throw this.error(400, `added_after '${after}' is not a timestamp`);
      const at = parsed.micros / 1000;
      items = items.filter((entry) =>
        this.habits.addedAfter === "inclusive" ? entry.added >= at : entry.added > at,
      );
    }
    const ids = query.match?.id;
    if (ids && ids.length > 0) {
      const wanted = new Set(ids);
      items = items.filter((entry) => wanted.has(String(entry.object.id)));
    }
    return items;
  }

  private page(
    query: ObjectsQuery,
    kind: "objects" | "manifest",
  ): { items: Entry[]; more: boolean; next?: string } {
    if (++this.requests > this.requestBudget)
      throw new RequestBudgetExceeded(`more than ${this.requestBudget} requests`);
    const { habits } = this;
    const signature = `${kind}?${query.added_after ?? ""}&${(query.match?.id ?? []).join(",")}`;
    const all = this.matching(query);
    const size = Math.min(query.limit ?? 100, habits.pageCap);
    if (habits.rangePaging) {
      const first = query.next === undefined ? 0 : Number(query.next);
      const items = all.slice(first, first + size);
      const more = first + items.length < all.length;
      return { items, more, ...(more ? { next: String(first + items.length) } : {}) };
    }
    let position = 0;
    if (query.next !== undefined) {
      const state = this.tokens.get(query.next);
      if (!state || state.query !== signature) throw this.error(400, "invalid next token");
      if (habits.tokens === "expiring" && ++this.redemptions % EXPIRE_EVERY === 0) {
        this.tokens.delete(query.next);
        throw this.error(400, "the next token expired");
      }
      position = state.position;
    }
    const stuck = ["repeated", "stuck-fresh"].includes(habits.tokens) && query.next !== undefined;
    const start = stuck ? 0 : position;
    let items = all.slice(start, start + size);
    if (habits.tokens === "empty-fresh" && query.next !== undefined) items = [];
    const remaining = start + items.length < all.length;
    let more = remaining;
    if (habits.more === "early") more = false;
    if (habits.more === "late") more = remaining || items.length > 0;
    // Broken servers say more objects follow, for ever.
    if (["empty-fresh", "repeated", "stuck-fresh"].includes(habits.tokens) && items.length + start > 0)
      more = true;
    if (!more) return { items, more };
    return { items, more, ...this.nextToken(query, signature, start + items.length) };
  }

  private nextToken(query: ObjectsQuery, signature: string, position: number): { next?: string } {
    const { tokens } = this.habits;
    if (tokens === "none") return {};
    let token: string;
    if (tokens === "reused" || tokens === "repeated") token = `t-${signature}`;
    else if (tokens === "cycling") {
      // Two tokens per query: A leads to page 2, B back to page 1.
      const onA = query.next === undefined || query.next.endsWith("#B");
      token = `t-${signature}#${onA ? "A" : "B"}`;
      this.tokens.set(token, { query: signature, position: onA ? position : 0 });
      return { next: token };
    } else token = `t-${++this.issued}`;
    if (tokens === "repeated" && this.tokens.has(token)) return { next: token };
    this.tokens.set(token, { query: signature, position });
    return { next: token };
  }

  private dateHeaders(items: Entry[]): Record<string, string> {
    const first = items[0];
    const last = items.at(-1);
    if (!first || !last) return {};
    switch (this.habits.headers) {
      case "absent":
        return {};
      case "garbage":
        return { "x-taxii-date-added-first": "yesterday", "x-taxii-date-added-last": "2024-13-45T99:99:99Z" };
      case "backwards":
        return {
          "x-taxii-date-added-first": iso(first.added - this.requests * 86_400_000),
          "x-taxii-date-added-last": iso(last.added - this.requests * 86_400_000),
        };
      case "odd":
        return {
          "x-taxii-date-added-first": iso(first.added).replace(".000Z", "+00:00"),
          "x-taxii-date-added-last": iso(last.added).replace(".000Z", "+00:00"),
        };
      default:
        return { "x-taxii-date-added-first": iso(first.added), "x-taxii-date-added-last": iso(last.added) };
    }
  }
}
