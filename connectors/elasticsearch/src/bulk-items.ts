import {
  delivered,
  permanent,
  permanentError,
  type RecordOutcome,
  transient,
  transientError,
} from "@taxiway/core";
import { ELASTICSEARCH, type SearchProduct } from "./index-cluster.js";

export interface BulkItem {
  status: number;
  error?: { type?: string; reason?: string };
}

/** Elasticsearch's and OpenSearch's words for an external version conflict (VersionConflictEngineException). */
const VERSION_CONFLICT = /current version \[(\d+)\] is higher or equal to the one provided \[(\d+)\]/;

/**
 * A 409 is "already current" only when the reason shows the stored version at or above the one sent: with
 * `recordVersion` (µs × 2 + delete) that means the same `modified` and action, or a newer one. Any other conflict
 * is a rejected record, never a silent success.
 */
function conflictOutcome(item: BulkItem, product: SearchProduct): RecordOutcome {
  const match = VERSION_CONFLICT.exec(item.error?.reason ?? "");
  if (match && BigInt(match[1] as string) >= BigInt(match[2] as string)) return delivered();
  return permanent(
    permanentError(
      `${product.name} refused the document with a version conflict that does not show a same-or-newer stored version: ${item.error?.type ?? "HTTP 409"}: ${item.error?.reason ?? ""}`.trim(),
      { code: `${product.code}_VERSION_CONFLICT`, details: { status: 409 } },
    ),
  );
}

/**
 * One bulk item's outcome. 409 (version conflict) is delivered when the index already holds this version or a newer
 * one (see conflictOutcome). A delete of a document that is not there (404) is delivered too. Throttling and server faults are
 * transient; mapping and parsing errors are permanent (the record goes to the dead-letter file).
 */
export function itemOutcome(
  item: BulkItem | undefined,
  product: SearchProduct = ELASTICSEARCH,
): RecordOutcome {
  const { name, code } = product;
  if (!item)
    return transient(
      transientError(`${name}: no result for this record in the bulk response`, { code: `${code}_NO_ITEM` }),
    );
  const { status, error } = item;
  if (status < 300 || status === 404) return delivered();
  if (status === 409) return conflictOutcome(item, product);
  const reason = `${error?.type ?? `HTTP ${status}`}: ${error?.reason ?? ""}`.trim();
  if (
    status === 429 ||
    status >= 500 ||
    error?.type === "es_rejected_execution_exception" ||
    error?.type === "cluster_block_exception"
  )
    return transient(transientError(`${name}: ${reason}`, { code: `${code}_RETRY`, details: { status } }));
  return permanent(
    permanentError(`${name} rejected the document: ${reason}`, {
      code: `${code}_${(error?.type ?? String(status)).toUpperCase()}`,
      details: { status },
    }),
  );
}
