import {
  AbortedError,
  ConfigError,
  parseRetryAfter,
  permanentError,
  requestDeadline,
  type SinkError,
  transientError,
} from "@taxiway/core";
import type { ResolvedSentinelConfig } from "./config.js";
import { bodyJson } from "./json.js";
import type { EntraToken } from "./token.js";

/** What one upload request came to. `rejected`: per-object validation errors by index in the request. */
export type UploadVerdict =
  | { kind: "accepted"; rejected: Map<number, string[]> }
  | { kind: "failed"; error: SinkError };

interface UploadErrors {
  errors?: { recordIndex?: number; errorMessages?: string[] }[];
}

/**
 * One POST of `{sourcesystem, stixobjects}` to the workspace's upload endpoint with the bearer token (Microsoft's
 * "Import threat intelligence to Microsoft Sentinel with the upload API", "Process the response message"):
 * 200 with `errors[{recordIndex, errorMessages}]` for the objects it refused; 400 the request's format (permanent);
 * 429 throttled (transient, with Retry-After or the wait the body names); 5xx transient. A 401 renews the token once
 * and sends again; a second 401 (the app lacks the Sentinel contributor role) and a 404 (unknown workspace) are
 * configuration errors. Redirects are not followed: the token goes to the configured API origin only.
 */
export async function upload(
  config: ResolvedSentinelConfig,
  token: EntraToken,
  objects: readonly Record<string, unknown>[],
  signal: AbortSignal,
): Promise<UploadVerdict> {
  const body = JSON.stringify({ sourcesystem: config.sourceSystem, stixobjects: objects });
  for (let attempt = 0; ; attempt++) {
    const bearer = await token.get(signal);
    let response: Response;
    let text: string;
    const deadline = requestDeadline(config.timeoutMs, signal);
    try {
      response = await fetch(config.uploadUrl, {
        method: "POST",
        redirect: "manual",
        headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
        body,
        signal: deadline.signal,
      });
      text = await response.text().catch(() => "");
    } catch (error) {
      if (signal.aborted) throw new AbortedError("sentinel: aborted while uploading", { cause: error });
      return {
        kind: "failed",
        error: transientError(`sentinel: upload failed: ${(error as Error).message}`, { code: "NETWORK" }),
      };
    } finally {
      deadline.clear();
    }
    if (response.status === 401 && attempt === 0) {
      token.invalidate();
      continue;
    }
    return judge(response, text, config);
  }
}

function judge(response: Response, text: string, config: ResolvedSentinelConfig): UploadVerdict {
  const where = config.uploadUrl.origin;
  const status = response.status;
  if (status === 200 || status === 201 || status === 204) {
    const rejected = new Map<number, string[]>();
    for (const entry of (bodyJson(text) as UploadErrors | undefined)?.errors ?? [])
      if (typeof entry.recordIndex === "number") rejected.set(entry.recordIndex, entry.errorMessages ?? []);
    return { kind: "accepted", rejected };
  }
  if (status === 401 || status === 403)
    throw new ConfigError(
      `sentinel: ${where} refused the app's token (HTTP ${status}): grant the app the Microsoft Sentinel Contributor role on the workspace`,
      { code: `SENTINEL_HTTP_${status}` },
    );
  if (status === 404)
    throw new ConfigError(
      `sentinel: ${where} knows no workspace ${config.uploadUrl.pathname.split("/")[2]} (HTTP 404)`,
      {
        code: "SENTINEL_HTTP_404",
      },
    );
  if (status >= 300 && status < 400)
    throw new ConfigError(`sentinel: ${where} redirected (HTTP ${status}); the token is not sent elsewhere`, {
      code: "SENTINEL_REDIRECT",
    });
  if (status === 429 || status === 408 || status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after") ?? undefined) ?? bodyWait(text);
    return {
      kind: "failed",
      error: transientError(
        `sentinel: ${where} answered HTTP ${status}${status === 429 ? " (throttled)" : ""}`,
        {
          code: `SENTINEL_HTTP_${status}`,
          details: retryAfterMs === undefined ? { status } : { status, retryAfterMs },
        },
      ),
    };
  }
  return {
    kind: "failed",
    error: permanentError(`sentinel: ${where} rejected the request (HTTP ${status})`, {
      code: `SENTINEL_HTTP_${status}`,
      details: { status, answer: text.slice(0, 300) },
    }),
  };
}

/** "Rate limit is exceeded. Try again in 12 seconds." (the 429 body of the reference) → 12 000 ms. */
function bodyWait(text: string): number | undefined {
  const message = (bodyJson(text) as { message?: unknown } | undefined)?.message;
  const seconds = typeof message === "string" ? /in (\d+) seconds?/.exec(message)?.[1] : undefined;
  return seconds === undefined ? undefined : Number(seconds) * 1000;
}
