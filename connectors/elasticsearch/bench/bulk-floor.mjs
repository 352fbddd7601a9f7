// The naive floor of a TAXII → Elasticsearch run (issue 24): fetch each page of a TAXII 2.1 collection, JSON.parse
// it, one regex on each pattern, a small ECS threat-indicator document per IOC with the STIX id as _id, one `_bulk`
// per page (refresh=false), one refresh at the end. No checkpoint, no dead-letter, no retries.
// FLOOR_DOCUMENTS=full writes what taxiway writes instead: the same ECS fields, STIX context and external version,
// so the cluster's share of the work is the same and the ratio shows taxiway's own cost.
//   ES_AUTHORIZATION='Basic …' [FLOOR_DOCUMENTS=full] node bulk-floor.mjs DISCOVERY_URL COLLECTION ES_URL INDEX
import { createHash } from "node:crypto";

const [discovery, collection, es, index] = process.argv.slice(2);
const objectsUrl = new URL(`../api1/collections/${collection}/objects/`, discovery);
const headers = { "content-type": "application/x-ndjson", authorization: process.env.ES_AUTHORIZATION ?? "" };
const comparison = /\[([\w-]+):([^=]*?)\s*=\s*'([^']*)'/;
const full = process.env.FLOOR_DOCUMENTS === "full";
const field = {
  "ipv4-addr": (value) => ({ ip: value }),
  "domain-name": (value) => ({ url: { domain: value } }),
  url: (value) => ({ url: { full: value } }),
  file: (value) => ({ file: { hash: { sha256: value } } }),
};
const iocType = { "ipv4-addr": "ipv4", "domain-name": "domain", url: "url", file: "file" };
const urlParts = (value) => {
  const url = new URL(value);
  return {
    full: value,
    original: value,
    scheme: url.protocol.slice(0, -1),
    domain: url.hostname,
    path: url.pathname,
  };
};
const fullField = { ...field, url: (value) => ({ url: urlParts(value) }) };
const confidence = (c) =>
  c === undefined ? undefined : c === 0 ? "None" : c < 30 ? "Low" : c < 70 ? "Medium" : "High";

function smallDocument(object, type, value) {
  return {
    "@timestamp": object.modified,
    event: { kind: "enrichment", category: ["threat"], type: ["indicator"] },
    threat: {
      indicator: {
        type,
        name: value,
        id: [object.id],
        first_seen: object.valid_from,
        modified_at: object.modified,
        ...field[type]?.(value),
      },
      feed: { name: collection },
    },
  };
}

function fullDocument(object, type, value, key) {
  const hashes = type === "file" ? { "SHA-256": value } : undefined;
  return {
    "@timestamp": object.modified,
    event: { kind: "enrichment", category: ["threat"], type: ["indicator"] },
    threat: {
      indicator: {
        type,
        name: value,
        description: object.description ?? object.name,
        id: [object.id],
        provider: collection,
        ...fullField[type]?.(value),
        first_seen: object.valid_from,
        last_seen: object.modified,
        modified_at: object.modified,
        confidence: confidence(object.confidence),
      },
      feed: { name: collection },
    },
    taxiway: {
      key,
      ioc_type: iocType[type],
      value,
      action: "upsert",
      revoked: false,
      stix_id: object.id,
      stix_type: object.type,
      stix_name: object.name,
      indicator_types: object.indicator_types,
      confidence: object.confidence,
      pattern: object.pattern,
      pattern_type: object.pattern_type,
      kill_chain_phases: object.kill_chain_phases ?? [],
      collection,
      ...(hashes ? { hashes } : {}),
    },
    tags: object.labels,
    ...(type === "ipv4-addr"
      ? { related: { ip: [value] } }
      : type === "file"
        ? { related: { hash: [value] } }
        : {}),
  };
}

let next;
do {
  const query = `?limit=1000${next ? `&next=${encodeURIComponent(next)}` : ""}`;
  const response = await fetch(`${objectsUrl}${query}`, {
    headers: { accept: "application/taxii+json;version=2.1" },
  });
  const envelope = JSON.parse(await response.text());
  let body = "";
  for (const object of envelope.objects ?? []) {
    const match = comparison.exec(object.pattern ?? "");
    if (!match) continue;
    const [, type, , value] = match;
    if (full) {
      const key = createHash("sha1").update(`${object.id}|${value}`).digest("hex");
      const version = Date.parse(object.modified) * 2000;
      body += `{"index":{"_index":"${index}","_id":"${key}","version":${version},"version_type":"external"}}\n${JSON.stringify(fullDocument(object, type, value, key))}\n`;
    } else
      body += `{"index":{"_index":"${index}","_id":"${object.id}"}}\n${JSON.stringify(smallDocument(object, type, value))}\n`;
  }
  if (body) {
    const bulk = await fetch(`${es}/_bulk?refresh=false`, { method: "POST", headers, body });
    const answer = JSON.parse(await bulk.text());
    if (!bulk.ok || answer.errors) throw new Error(`bulk: HTTP ${bulk.status}`);
  }
  next = envelope.more ? envelope.next : undefined;
} while (next);
const refresh = await fetch(`${es}/${index}/_refresh`, { method: "POST", headers });
if (!refresh.ok) throw new Error(`refresh: HTTP ${refresh.status}`);
