import type { StixObject } from "../stix/types.js";
import type { CollectionInfo, TaxiiClient } from "./client.js";
import { findCollection } from "./collections.js";
import { normalizeEnvelope } from "./envelope.js";
import { readDateHeader } from "./paging/header-cursor.js";
import { compareTimestamps } from "./timestamps.js";

export interface ProbeFinding {
  check: string;
  verdict: "ok" | "note" | "warn";
  detail: string;
}

export interface ProbeReport {
  apiRootUrl: string;
  version: string;
  collection?: CollectionInfo;
  findings: ProbeFinding[];
  /** What the job's `source:` should say for this server. */
  suggested: Record<string, unknown>;
  /** The cursor strategy taxiway will use for this collection (docs/paging.md). */
  strategy?: "header" | "manifest" | "seen-index";
}

function envelopeShape(body: unknown): string {
  if (typeof body !== "object" || body === null) return "not a JSON object";
  const record = body as Record<string, unknown>;
  if (record.type === "bundle") return "a STIX bundle";
  if (Array.isArray(record.items)) return "an envelope with `items`";
  if (Array.isArray(record.objects)) return "a TAXII envelope";
  return Object.keys(record).length === 0 ? "an empty object `{}`" : "an envelope without objects";
}

function timestampStyle(value: string): string {
  const fraction = /\.(\d+)/.exec(value)?.[1]?.length ?? 0;
  const zone = /Z$/i.test(value) ? "Z" : (/([+-]\d\d:?\d\d)$/.exec(value)?.[1] ?? "no zone");
  return `${fraction === 0 ? "no sub-seconds" : `${fraction}-digit sub-seconds`}, ${zone}`;
}

const ids = (objects: StixObject[]) => objects.map((o) => String(o.id));

/**
 * Probes one collection with a handful of small requests and says, in plain words, which habits the server has:
 * envelope shape, media type, date headers and their format, whether `limit` and `added_after` are honored,
 * how `next` behaves, and rate-limit headers. Read-only.
 */
export async function probeServer(client: TaxiiClient, url: string, wanted?: string): Promise<ProbeReport> {
  const findings: ProbeFinding[] = [];
  const note = (check: string, verdict: ProbeFinding["verdict"], detail: string) =>
    findings.push({ check, verdict, detail });
  const { apiRootUrl, apiRoot } = await client.resolveApiRoot(url);
  const version = client.taxiiVersion;
  note(
    "version",
    "ok",
    `TAXII ${version} (API root lists ${(apiRoot.versions ?? []).join(", ") || "no versions"})`,
  );
  const suggested: Record<string, unknown> = { url: apiRootUrl, version };
  const listed = await client.collections(apiRootUrl);
  const readable = listed.filter((c) => c.can_read);
  note(
    "collections",
    readable.length > 0 ? "ok" : "warn",
    `${listed.length} listed, ${readable.length} readable`,
  );
  const collection = wanted ? findCollection(wanted, listed, apiRootUrl) : readable[0];
  if (!collection) return { apiRootUrl, version, findings, suggested };
  suggested.collection = collection.alias ?? collection.id;
  const collectionUrl = `${apiRootUrl}collections/${encodeURIComponent(collection.id)}/`;
  // One request serves both the raw shape and the page. TAXII 2.0 pages by Range only, so its first page goes
  // through the client (a plain GET would fetch the whole collection).
  const raw = version === "2.0" ? undefined : await client.get<unknown>(`${collectionUrl}objects/?limit=2`);
  const first = raw
    ? { ...raw, body: normalizeEnvelope(raw.body) }
    : await client.objects(collectionUrl, { limit: 2 });
  const shape = raw ? envelopeShape(raw.body) : "STIX bundles paged by Range (TAXII 2.0)";
  note("envelope", "ok", `objects come in ${shape} as ${first.headers["content-type"] ?? "no content type"}`);
  const page = first.body;
  if (page.objects.length > 2)
    note("limit", "warn", `asked for 2 objects, got ${page.objects.length}: the server ignores limit`);
  else note("limit", "ok", "limit honored");
  const rawLast = first.headers["x-taxii-date-added-last"];
  const lastReading = readDateHeader(rawLast, undefined);
  const last = lastReading.kind === "usable" ? lastReading.value : undefined;
  if (lastReading.kind === "garbage")
    note(
      "date headers",
      "warn",
      `X-TAXII-Date-Added-Last '${lastReading.raw}' is not an RFC 3339 timestamp: taxiway never commits it and keeps the cursor by the manifest or a seen-index`,
    );
  else if (last)
    note(
      "date headers",
      "ok",
      `X-TAXII-Date-Added-Last present (${timestampStyle(last)}); taxiway echoes the server's form`,
    );
  else if (page.objects.length > 0)
    note(
      "date headers",
      "warn",
      "no X-TAXII-Date-Added-Last: taxiway keeps the cursor by the manifest's date_added, or a seen-index of delivered versions",
    );
  const rateHeaders = Object.keys(first.headers).filter((h) => /^(x-)?rate-?limit|^retry-after$/i.test(h));
  if (rateHeaders.length > 0)
    note(
      "rate limit",
      "note",
      `${rateHeaders.map((h) => `${h}: ${first.headers[h]}`).join("; ")}: consider source.rate_limit`,
    );

  let nextWorks = false;
  if (page.more && page.next) {
    const second = (await client.objects(collectionUrl, { limit: 2, next: page.next })).body;
    const repeats = ids(second.objects).filter((id) => ids(page.objects).includes(id));
    nextWorks = second.objects.length > 0 && repeats.length < second.objects.length;
    const sameToken = second.next !== undefined && second.next === page.next;
    note(
      "next",
      nextWorks ? "ok" : "warn",
      nextWorks
        ? `${version === "2.0" ? "Range paging works" : "next tokens page on"}${sameToken ? " (one token reused on every page, medallion-style: taxiway follows it while each page brings a new set of objects)" : ""}`
        : "the next token did not lead to new objects: taxiway falls back to the header cursor, then the manifest, and reports a stall instead of looping",
    );
  } else if (page.more)
    note("next", "warn", "more: true without a next token: taxiway pages by the date header instead");
  else note("next", "note", "the first two objects were all there is: paging not exercised");

  let addedAfterIgnored = false;
  if (last) {
    const answer = await client.objects(collectionUrl, { limit: 2, added_after: last });
    const again = ids(answer.body.objects).filter((id) => ids(page.objects).includes(id));
    const firstAfter = readDateHeader(answer.headers["x-taxii-date-added-first"], undefined);
    addedAfterIgnored = firstAfter.kind === "usable" && compareTimestamps(firstAfter.value, last) < 0;
    note(
      "added_after",
      again.length === 0 ? "ok" : addedAfterIgnored ? "warn" : "note",
      again.length === 0
        ? "added_after honored (exclusive)"
        : addedAfterIgnored
          ? "added_after ignored (objects added before it come back): taxiway keeps the cursor by the manifest or a seen-index"
          : "added_after is inclusive (objects added at that same time come back): taxiway drops the boundary repeats",
    );
  }
  const big = await client.objects(collectionUrl, { limit: 1000 });
  const bigPage = big.body;
  if (bigPage.more && bigPage.objects.length < 1000) {
    note("page size", "note", `limit=1000 is capped to ${bigPage.objects.length} per page`);
    suggested.page_size = bigPage.objects.length;
    const from = readDateHeader(big.headers["x-taxii-date-added-first"], undefined);
    const to = readDateHeader(big.headers["x-taxii-date-added-last"], undefined);
    if (from.kind === "usable" && to.kind === "usable" && compareTimestamps(from.value, to.value) === 0)
      note(
        "tie block",
        "note",
        `more than ${bigPage.objects.length} objects (the cap) share date_added ${to.value}: taxiway walks such a block by the next token, else by the manifest and match[id]`,
      );
  } else suggested.page_size = 1000;
  const manifestWorks = await client
    .manifest(collectionUrl, { limit: 1 })
    .then(() => true)
    .catch(() => false);
  const strategy =
    last && !addedAfterIgnored ? "header" : manifestWorks ? "manifest" : ("seen-index" as const);
  note(
    "cursor",
    "ok",
    strategy === "header"
      ? "strategy header: the next poll asks added_after = X-TAXII-Date-Added-Last"
      : strategy === "manifest"
        ? "strategy manifest: the cursor is the greatest date_added the manifest gives for delivered objects"
        : "strategy seen-index: no usable date cursor; every delivered (id, version) is recorded beside the checkpoint, so re-reads deliver only new versions",
  );
  suggested.pagination = nextWorks || !page.more ? "auto" : last ? "header" : "auto";
  return { apiRootUrl, version, collection, findings, suggested, strategy };
}
