import type { StixObject } from "../stix/types.js";
import type { CollectionInfo, TaxiiClient } from "./client.js";
import { findCollection } from "./collections.js";
import { normalizeEnvelope } from "./envelope.js";

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
  const last = first.headers["x-taxii-date-added-last"];
  if (last)
    note(
      "date headers",
      "ok",
      `X-TAXII-Date-Added-Last present (${timestampStyle(last)}); taxiway echoes the server's form`,
    );
  else if (page.objects.length > 0)
    note(
      "date headers",
      "warn",
      "no X-TAXII-Date-Added-Last: the cursor cannot move between polls; every poll reads the collection again (sinks deduplicate)",
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
        ? `${version === "2.0" ? "Range paging works" : "next tokens page on"}${sameToken ? " (one token reused on every page, medallion-style: fine while pages progress)" : ""}`
        : "the next token did not lead to new objects",
    );
  } else if (page.more)
    note("next", "warn", "more: true without a next token: taxiway pages by the date header instead");
  else note("next", "note", "the first two objects were all there is: paging not exercised");

  if (last) {
    const after = (await client.objects(collectionUrl, { limit: 2, added_after: last })).body;
    const again = ids(after.objects).filter((id) => ids(page.objects).includes(id));
    note(
      "added_after",
      again.length === 0 ? "ok" : "note",
      again.length === 0
        ? "added_after honored (exclusive)"
        : "added_after returns objects added at that same time (inclusive or ignored): taxiway's boundary overlap drops the repeats",
    );
  }
  const bigPage = (await client.objects(collectionUrl, { limit: 1000 })).body;
  if (bigPage.more && bigPage.objects.length < 1000) {
    note("page size", "note", `limit=1000 is capped to ${bigPage.objects.length} per page`);
    suggested.page_size = bigPage.objects.length;
  } else suggested.page_size = 1000;
  suggested.pagination = nextWorks || !page.more ? "auto" : last ? "header" : "auto";
  return { apiRootUrl, version, collection, findings, suggested };
}
