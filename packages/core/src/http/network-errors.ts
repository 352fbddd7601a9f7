import { AbortedError, NetworkError, TaxiwayError } from "../errors/index.js";

const TLS_CODES = new Set([
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_NOT_YET_VALID",
]);

const TIMEOUT_CODES: Record<string, string> = {
  UND_ERR_CONNECT_TIMEOUT: "connecting timed out (timeouts.connect)",
  UND_ERR_HEADERS_TIMEOUT: "the server sent no response headers in time (timeouts.headers)",
  UND_ERR_BODY_TIMEOUT: "the response body stalled (timeouts.body)",
};

function codeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "UND_ERR_SOCKET") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return (error as { code?: string })?.code;
}

/**
 * Turns whatever undici/node threw into a typed error: transport faults retryable, TLS trust problems not. `proxy`
 * (masked) is named in the message when the request went through one: a refused connection is then the proxy's.
 */
export function toNetworkError(
  error: unknown,
  url: string,
  signal?: AbortSignal,
  proxy?: string,
): TaxiwayError {
  if (error instanceof TaxiwayError) return error;
  if (signal?.aborted) return new AbortedError(`request to ${url} aborted`);
  const code = codeOf(error) ?? "UNKNOWN";
  const reason = error instanceof Error ? error.message : String(error);
  if (TLS_CODES.has(code)) {
    return new NetworkError(
      `TLS verification failed for ${url}: ${code}. Give the server's CA with tls.ca_file (tls.insecure: true only for a lab)`,
      { code: "TLS_VERIFY", retryable: false, cause: error, details: { url, reason: code } },
    );
  }
  const what = TIMEOUT_CODES[code] ?? `${reason} (${code})`;
  const via = proxy === undefined ? "" : ` through the proxy ${proxy}`;
  return new NetworkError(`request to ${url}${via} failed: ${what}`, {
    cause: error,
    details: { url, reason: code, ...(proxy === undefined ? {} : { proxy }) },
  });
}
