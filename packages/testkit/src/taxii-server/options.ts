import type { StixObject } from "@taxiway/core";

export interface FixtureCollection {
  id: string;
  title: string;
  alias?: string;
  description?: string;
  canRead?: boolean;
  canWrite?: boolean;
  objects: readonly StixObject[];
  /**
   * The server's date_added for the object at `index` (ascending order is required).
   * Default: 2026-01-01T00:00:00.000Z plus one second per object, so runs are reproducible.
   */
  dateAdded?: (index: number, object: StixObject) => string;
}

export type FixtureAuth =
  | { type: "none" }
  | { type: "bearer"; token: string }
  | { type: "basic"; username: string; password: string }
  | { type: "header"; name: string; value: string };

/** What the server does instead of answering normally: a status with a body, a dropped connection, or a stall. */
export type Fault =
  | { status: number; body?: string | object; headers?: Record<string, string> }
  | { reset: true }
  | { stallMs: number };

export interface FixtureRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
}

/** Ways real servers differ from the spec; each switch reproduces one quirk seen in the wild. */
export interface ServerQuirks {
  /** Answer with a STIX bundle carrying `more`/`next` (the socdefenders style) instead of a TAXII envelope. */
  bundleEnvelope?: boolean;
  /** Put objects under `items` instead of `objects`. */
  itemsEnvelope?: boolean;
  /** Return every remaining object, whatever `limit` says. */
  ignoreLimit?: boolean;
  /** One `next` token per query, the same on every page (medallion). */
  stableNextToken?: boolean;
  /** Say `more: true` without a `next` token (paging only works through X-TAXII-Date-Added-Last). */
  moreWithoutNext?: boolean;
  /** Content-Type of TAXII responses, e.g. `application/json` or `application/stix+json`. */
  contentType?: string;
  /** Header timestamps: `millis` (default, `…00.000Z`), `seconds` (no fraction) or `offset` (`+00:00`). */
  headerTimestamps?: "millis" | "seconds" | "offset";
  /** Send no X-TAXII-Date-Added-First/-Last headers at all. */
  noDateHeaders?: boolean;
  /** Answer 404 to the manifest endpoint. */
  noManifest?: boolean;
  /** The API root's `versions` list as sent (e.g. `["taxii-2.0"]`, the form the 2.0 specification uses). */
  apiRootVersions?: string[];
  /** Answer an empty result with `{}` and no date headers (medallion). */
  emptyAsBareObject?: boolean;
}

export interface TaxiiServerOptions {
  collections: readonly FixtureCollection[];
  /** API root path segment. Default `api1`. */
  apiRoot?: string;
  /** Largest page the server hands out, whatever the client asks. Default 1000. */
  maxPageSize?: number;
  /** Page size when the client sends no `limit`. Default 100. */
  defaultPageSize?: number;
  auth?: FixtureAuth;
  quirks?: ServerQuirks;
  /** Called for every request (numbered from 1): return a fault to misbehave. */
  fault?: (requestNumber: number, request: FixtureRequest) => Fault | undefined;
  /**
   * TAXII version spoken. `2.0`: the 2.0 media types (`application/vnd.oasis.taxii+json; version=2.0`, bundles as
   * `application/vnd.oasis.stix+json; version=2.0`), and objects paged by `Range: items a-b` / `Content-Range`
   * (206) instead of `limit` and `next`. Default `2.1`.
   */
  version?: "2.0" | "2.1";
  /** Port to listen on (default 0: a free port). Always loopback. */
  port?: number;
  host?: "127.0.0.1" | "::1";
}
