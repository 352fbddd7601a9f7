import type { StixObject } from "../stix/types.js";
import type { ExtractionContext, ExtractionResult } from "./extraction.js";
import { iocKey } from "./key.js";
import type { IocRecord, IocType } from "./record.js";

// Foundation slice: single equality comparisons only. Issue 5 replaces this with the real parser.
const SIMPLE = /^\[\s*([a-z0-9-]+):([a-z_.']+(?:'[^']*')?[a-z_]*)\s*=\s*'((?:[^'\\]|\\.)*)'\s*\]$/;
const PATHS: Record<string, IocType> = {
  "ipv4-addr:value": "ipv4",
  "ipv6-addr:value": "ipv6",
  "domain-name:value": "domain",
  "url:value": "url",
  "email-addr:value": "email",
};

export function extractFromObject(object: StixObject, context: ExtractionContext): ExtractionResult {
  if (object.type !== "indicator" || typeof object.pattern !== "string")
    return { records: [], nonAtomic: 0, problems: [] };
  const match = SIMPLE.exec(object.pattern);
  const type = match ? PATHS[`${match[1]}:${match[2]}`] : undefined;
  if (!match || !type) {
    return {
      records: [],
      nonAtomic: 0,
      problems: [{ code: "PATTERN_UNSUPPORTED", message: `unsupported pattern: ${object.pattern}` }],
    };
  }
  const value = match[3]!.replace(/\\(.)/g, "$1");
  const record: IocRecord = {
    key: iocKey(object.id, type, value),
    type,
    value,
    action: object.revoked === true ? "delete" : "upsert",
    stix_id: object.id,
    stix_type: object.type,
    name: typeof object.name === "string" ? object.name : undefined,
    indicator_types: Array.isArray(object.indicator_types) ? (object.indicator_types as string[]) : [],
    labels: object.labels ?? [],
    confidence: object.confidence,
    valid_from: typeof object.valid_from === "string" ? object.valid_from : undefined,
    valid_until: typeof object.valid_until === "string" ? object.valid_until : undefined,
    created: object.created,
    modified: object.modified,
    revoked: object.revoked === true,
    kill_chain_phases: [],
    external_references: object.external_references ?? [],
    pattern: object.pattern,
    pattern_type: typeof object.pattern_type === "string" ? object.pattern_type : "stix",
    source_feed: context.feed,
    source_collection: context.collection,
    date_added: context.dateAdded,
  };
  return { records: [record], nonAtomic: 0, problems: [] };
}
