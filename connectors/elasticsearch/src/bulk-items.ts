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

/**
 * One bulk item's outcome. 409 (version conflict) means the index already has this version or a newer one:
 * delivered. A delete of a document that is not there (404) is delivered too. Throttling and server faults are
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
  if (status < 300 || status === 409 || status === 404) return delivered();
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
