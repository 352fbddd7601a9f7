import { permanentError, type SinkError, TaxiwayError, transientError } from "@taxiway/core";

export interface HecAnswer {
  text?: string;
  code?: number;
  ackId?: number;
  "invalid-event-number"?: number;
}

/** A problem only the job's config can fix: the run stops (exit code 2), nothing is dead-lettered. */
export class HecConfigError extends TaxiwayError {
  constructor(message: string, code: string) {
    super(message, { code: `CONFIG_${code}`, retryable: false });
  }
}

export type HecVerdict =
  | { kind: "ok"; ackId?: number }
  | { kind: "transient"; error: SinkError }
  | { kind: "invalid-event"; index: number; error: SinkError }
  | { kind: "too-large" };

/** Maps an HEC answer (HTTP status + `{text, code}`) to what the sink does with the batch. Throws HecConfigError for fatal codes. */
export function judge(
  status: number,
  answer: HecAnswer,
  context: { index?: string; url: string },
): HecVerdict {
  const code = answer.code;
  const said = `${answer.text ?? `HTTP ${status}`} (HEC code ${code ?? "?"})`;
  if (status === 200 && (code === 0 || code === undefined)) return { kind: "ok", ackId: answer.ackId };
  if (status === 413) return { kind: "too-large" };
  switch (code) {
    case 1:
      throw new HecConfigError(
        `Splunk HEC at ${context.url}: the token is disabled — enable it in Splunk or use another token`,
        "HEC_TOKEN_DISABLED",
      );
    case 2:
    case 3:
      throw new HecConfigError(
        `Splunk HEC at ${context.url}: ${said}: set the sink's token`,
        "HEC_TOKEN_REQUIRED",
      );
    case 4:
      throw new HecConfigError(
        `Splunk HEC at ${context.url}: the token is invalid — check the sink's token`,
        "HEC_TOKEN_INVALID",
      );
    case 7:
      throw new HecConfigError(
        `Splunk HEC at ${context.url}: incorrect index '${context.index ?? "(token default)"}' — the index must exist and the token must be allowed to write it`,
        "HEC_INDEX",
      );
    case 10:
    case 11:
      throw new HecConfigError(
        `Splunk HEC at ${context.url}: ${said} — this token has indexer acknowledgement enabled: set ack: true on the sink`,
        "HEC_CHANNEL",
      );
    case 14:
      throw new HecConfigError(
        `Splunk HEC at ${context.url}: acknowledgement is disabled for this token — set ack: false on the sink`,
        "HEC_ACK_DISABLED",
      );
    case 6:
    case 12:
    case 13:
    case 15:
      return {
        kind: "invalid-event",
        index: answer["invalid-event-number"] ?? 0,
        error: permanentError(`Splunk HEC rejected the event: ${said}`, { code: `HEC_${code}` }),
      };
    case 9:
      return {
        kind: "transient",
        error: transientError(`Splunk HEC is busy: ${said}`, { code: "HEC_BUSY" }),
      };
    case 8:
      return {
        kind: "transient",
        error: transientError(`Splunk HEC internal error: ${said}`, { code: "HEC_INTERNAL" }),
      };
    default:
      if (status === 429 || status >= 500)
        return {
          kind: "transient",
          error: transientError(`Splunk HEC answered ${said}`, { code: `HTTP_${status}` }),
        };
      return {
        kind: "invalid-event",
        index: 0,
        error: permanentError(`Splunk HEC answered ${said}`, { code: `HTTP_${status}` }),
      };
  }
}
