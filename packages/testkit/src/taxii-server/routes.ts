import { randomUUID } from "node:crypto";
import type { StixObject } from "@taxiway/core";
import { STIX_20, TAXII_20, TAXII_21 } from "./media-types.js";
import type { ServerQuirks, TaxiiServerOptions } from "./options.js";
import type { NextTokens } from "./paging.js";
import { BadQuery, parseFilter, parseLimit, querySignature } from "./query.js";
import { type FixtureResponse, taxiiError, taxiiJson } from "./responses.js";
import type { CollectionStore, StoredObject } from "./store.js";
import { headerTimestamp } from "./timestamps.js";

export interface RouteContext {
  options: TaxiiServerOptions;
  stores: Map<string, CollectionStore>;
  tokens: NextTokens;
  statuses: Map<string, unknown>;
  baseUrl: string;
}

interface ParsedRequest {
  method: string;
  segments: string[];
  query: URLSearchParams;
  body?: string;
  /** TAXII 2.0 paging: the `Range` request header. */
  range?: string;
}

function apiRootName(options: TaxiiServerOptions): string {
  return options.apiRoot ?? "api1";
}

function dateHeaders(items: readonly StoredObject[], quirks: ServerQuirks): Record<string, string> {
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last || quirks.noDateHeaders) return {};
  return {
    "x-taxii-date-added-first": headerTimestamp(first.dateAdded, quirks.headerTimestamps),
    "x-taxii-date-added-last": headerTimestamp(last.dateAdded, quirks.headerTimestamps),
  };
}

function collectionResource(store: CollectionStore) {
  const info = store.info;
  return {
    id: info.id,
    title: info.title,
    ...(info.alias ? { alias: info.alias } : {}),
    ...(info.description ? { description: info.description } : {}),
    can_read: info.canRead ?? true,
    can_write: info.canWrite ?? false,
    media_types: ["application/stix+json;version=2.1"],
  };
}

/** One page of a collection: the scan, the `next` token and the envelope in the configured style. */
function pageOf(
  context: RouteContext,
  store: CollectionStore,
  query: URLSearchParams,
  render: (items: StoredObject[]) => unknown[],
  field: "objects" | "manifest",
): FixtureResponse {
  const quirks = context.options.quirks ?? {};
  const filter = parseFilter(query);
  const max = context.options.maxPageSize ?? 1000;
  const limit = quirks.ignoreLimit
    ? Number.MAX_SAFE_INTEGER
    : parseLimit(query, context.options.defaultPageSize ?? 100, max);
  const signature = querySignature(`${field}:${store.info.id}`, query);
  const nextToken = query.get("next");
  let from: number | undefined;
  if (nextToken !== null) {
    from = context.tokens.redeem(nextToken, signature);
    if (from === undefined)
      return taxiiError(
        400,
        "Invalid next token",
        "The token is unknown, expired, or was issued for another query.",
      );
  }
  const { items, resumeAt } = store.scan(filter, limit, from);
  if (items.length === 0 && quirks.emptyAsBareObject) return taxiiJson(200, {});
  const more = resumeAt !== undefined;
  let next: string | undefined;
  if (more && !quirks.moreWithoutNext)
    next = quirks.stableNextToken
      ? context.tokens.issueStable(signature, resumeAt)
      : context.tokens.issue(signature, resumeAt);
  const headers = dateHeaders(items, quirks);
  const list = render(items);
  if (field === "objects" && quirks.bundleEnvelope) {
    return taxiiJson(
      200,
      { type: "bundle", id: `bundle--${randomUUID()}`, objects: list, more, ...(next ? { next } : {}) },
      headers,
    );
  }
  const key = field === "objects" && quirks.itemsEnvelope ? "items" : "objects";
  const envelope: Record<string, unknown> = { more };
  if (next) envelope.next = next;
  if (list.length > 0) envelope[key] = list;
  return taxiiJson(200, envelope, headers);
}

/**
 * TAXII 2.0 objects (a bundle) or manifest (entries with a `versions` list), paged by `Range: items a-b` (206 with
 * `Content-Range: items a-b/total`); without a Range header the whole result, 200. A range past the end is 416, as
 * HTTP says.
 */
function rangePageOf(
  context: RouteContext,
  store: CollectionStore,
  request: ParsedRequest,
  field: "objects" | "manifest" = "objects",
): FixtureResponse {
  const filter = parseFilter(request.query);
  const max = context.options.maxPageSize ?? 1000;
  const asked = /^items\s*=?\s*(\d+)-(\d+)$/i.exec(request.range?.trim() ?? "");
  const first = asked ? Number(asked[1]) : 0;
  const last = asked ? Math.min(Number(asked[2]), first + max - 1) : Number.MAX_SAFE_INTEGER;
  const { items, total } = store.range(filter, first, last);
  if (asked && first >= total && total > 0)
    return { status: 416, headers: { "content-range": `items */${total}` }, body: "" };
  const headers: Record<string, string> = {
    "content-type": field === "objects" ? STIX_20 : TAXII_20,
    ...dateHeaders(items, context.options.quirks ?? {}),
  };
  if (asked && items.length > 0)
    headers["content-range"] = `items ${first}-${first + items.length - 1}/${total}`;
  const body =
    field === "objects"
      ? {
          type: "bundle",
          id: `bundle--${randomUUID()}`,
          spec_version: "2.0",
          objects: items.map((item) => item.object),
        }
      : {
          objects: items.map((item) => ({
            id: item.id,
            date_added: item.dateAdded,
            versions: [item.version],
            media_types: [STIX_20],
          })),
        };
  return { status: asked && items.length > 0 ? 206 : 200, headers, body: JSON.stringify(body) };
}

function addObjects(
  context: RouteContext,
  store: CollectionStore,
  body: string | undefined,
): FixtureResponse {
  if (!(store.info.canWrite ?? false))
    return taxiiError(403, "Forbidden", "This collection does not accept writes.");
  let envelope: { objects?: unknown };
  try {
    envelope = JSON.parse(body ?? "") as { objects?: unknown };
  } catch {
    return taxiiError(400, "Bad request", "The body is not JSON.");
  }
  if (!Array.isArray(envelope.objects))
    return taxiiError(422, "Unprocessable entity", "The envelope has no objects list.");
  const now = Date.now();
  const successes: unknown[] = [];
  const failures: unknown[] = [];
  envelope.objects.forEach((candidate, index) => {
    const object = candidate as StixObject;
    if (typeof object?.id !== "string" || typeof object?.type !== "string") {
      failures.push({ id: String(object?.id ?? index), message: "object needs an id and a type" });
      return;
    }
    const stored = store.add(object, new Date(Math.max(now, Date.now()) + index).toISOString());
    successes.push({ id: stored.id, version: stored.version });
  });
  const status = {
    id: randomUUID(),
    status: "complete",
    request_timestamp: new Date(now).toISOString(),
    total_count: envelope.objects.length,
    success_count: successes.length,
    successes,
    failure_count: failures.length,
    failures,
    pending_count: 0,
  };
  context.statuses.set(status.id, status);
  return taxiiJson(202, status);
}

function objectRoutes(
  context: RouteContext,
  store: CollectionStore,
  request: ParsedRequest,
): FixtureResponse {
  const [, , , , objectId, tail] = request.segments;
  if (objectId === undefined) {
    if (request.method === "POST") return addObjects(context, store, request.body);
    if (context.options.version === "2.0") return rangePageOf(context, store, request);
    return pageOf(context, store, request.query, (items) => items.map((item) => item.object), "objects");
  }
  const versions = store.versionsOf(objectId);
  if (versions.length === 0) return taxiiError(404, "Not found", `No object ${objectId} in this collection.`);
  if (request.method === "DELETE") {
    store.remove(objectId);
    return taxiiJson(200, {});
  }
  if (tail === "versions") {
    return taxiiJson(
      200,
      { more: false, versions: versions.map((v) => v.version) },
      dateHeaders(versions, {}),
    );
  }
  const query = new URLSearchParams(request.query);
  query.set("match[id]", objectId);
  return pageOf(context, store, query, (items) => items.map((item) => item.object), "objects");
}

export function route(context: RouteContext, request: ParsedRequest): FixtureResponse {
  const { options, stores } = context;
  const root = apiRootName(options);
  const [first, second, third] = request.segments;
  try {
    if (first === "taxii2" && second === undefined) {
      return taxiiJson(200, {
        title: "taxiway fixture TAXII server",
        description: "Loopback TAXII 2.1 server serving fixture collections",
        default: `${context.baseUrl}/${root}/`,
        api_roots: [`${context.baseUrl}/${root}/`],
      });
    }
    if (first !== root) return taxiiError(404, "Not found", `No API root at /${first ?? ""}/.`);
    if (second === undefined) {
      return taxiiJson(200, {
        title: "fixture API root",
        versions: context.options.quirks?.apiRootVersions ?? [
          context.options.version === "2.0" ? TAXII_20 : TAXII_21,
        ],
        max_content_length: 10_485_760,
      });
    }
    if (second === "status" && third !== undefined) {
      const status = context.statuses.get(third);
      return status ? taxiiJson(200, status) : taxiiError(404, "Not found", `No status ${third}.`);
    }
    if (second !== "collections")
      return taxiiError(404, "Not found", `Unknown endpoint /${root}/${second}/.`);
    if (third === undefined)
      return taxiiJson(200, { collections: [...stores.values()].map(collectionResource) });
    const store = stores.get(third);
    if (!store) return taxiiError(404, "Collection not found", `No collection with id ${third}.`);
    const area = request.segments[3];
    if (area === undefined) return taxiiJson(200, collectionResource(store));
    if (!(store.info.canRead ?? true) && request.method === "GET")
      return taxiiError(403, "Forbidden", "This collection cannot be read with these credentials.");
    if (area === "objects") return objectRoutes(context, store, request);
    if (area === "manifest" && context.options.quirks?.noManifest)
      return taxiiError(404, "Not found", "This server has no manifest endpoint.");
    if (area === "manifest") {
      if (context.options.version === "2.0") return rangePageOf(context, store, request, "manifest");
      return pageOf(
        context,
        store,
        request.query,
        (items) =>
          items.map((item) => ({
            id: item.id,
            date_added: item.dateAdded,
            version: item.version,
            media_type: "application/stix+json;version=2.1",
          })),
        "manifest",
      );
    }
    return taxiiError(404, "Not found", `Unknown endpoint ${request.segments.join("/")}.`);
  } catch (error) {
    if (error instanceof BadQuery) return taxiiError(400, "Bad request", error.message);
    throw error;
  }
}

export type { ParsedRequest };
