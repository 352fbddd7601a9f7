import {
  delivered,
  failed,
  httpStatusError,
  permanentError,
  type RecordOutcome,
  transientError,
} from "@taxiway/core";

/** Largest response body read: a misbehaving endpoint cannot make the sink hold more. */
const MAX_RESPONSE_BYTES = 1_048_576;

export async function readCapped(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_RESPONSE_BYTES) {
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

interface ItemResult {
  status?: unknown;
  retryable?: unknown;
  message?: unknown;
}

/**
 * The endpoint answers 2xx with an optional `{"results": [{"status": "ok"} | {"status": "error", "retryable": bool,
 * "message": "…"}]}`, one per record; other statuses fail the whole request (429/5xx transient, 4xx permanent).
 */
export function outcomesFor(status: number, body: string, count: number): RecordOutcome[] {
  if (status < 200 || status >= 300) {
    const error = httpStatusError(status, `endpoint answered HTTP ${status}`, { body: body.slice(0, 200) });
    return new Array<RecordOutcome>(count).fill(failed(error));
  }
  let results: ItemResult[] | undefined;
  try {
    const parsed = body === "" ? undefined : (JSON.parse(body) as { results?: unknown });
    if (Array.isArray(parsed?.results)) results = parsed.results as ItemResult[];
  } catch {
    results = undefined;
  }
  if (!results) return new Array<RecordOutcome>(count).fill(delivered());
  return Array.from({ length: count }, (_, i) => {
    const item = results[i];
    if (item === undefined) {
      return failed(
        transientError("endpoint returned no result for this record", { code: "RESULT_MISSING" }),
      );
    }
    if (item.status === "ok") return delivered();
    const message = typeof item.message === "string" ? item.message : "rejected by the endpoint";
    return failed(
      item.retryable === true
        ? transientError(message, { code: "ITEM_RETRYABLE" })
        : permanentError(message, { code: "ITEM_REJECTED" }),
    );
  });
}
