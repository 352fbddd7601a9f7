import {
  delivered,
  permanent,
  permanentError,
  type RecordOutcome,
  transient,
  transientError,
} from "@taxiway/core";

export interface BulkItem {
  status: number;
  error?: { type?: string; reason?: string };
}

/**
 * One bulk item's outcome. 409 (version conflict) means the index already has this version or a newer one:
 * delivered. A delete of a document that is not there (404) is delivered too. Throttling and server faults are
 * transient; mapping and parsing errors are permanent (the record goes to the dead-letter file).
 */
export function itemOutcome(item: BulkItem | undefined): RecordOutcome {
  if (!item)
    return transient(
      transientError("elasticsearch: no result for this record in the bulk response", { code: "ES_NO_ITEM" }),
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
    return transient(transientError(`elasticsearch: ${reason}`, { code: "ES_RETRY", details: { status } }));
  return permanent(
    permanentError(`elasticsearch rejected the document: ${reason}`, {
      code: `ES_${(error?.type ?? String(status)).toUpperCase()}`,
      details: { status },
    }),
  );
}
