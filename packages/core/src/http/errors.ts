import { NetworkError, TaxiwayError } from "../errors/index.js";

/** The response body exceeded `max_response_bytes` (after decompression). Not retryable: the same page would be as large. */
export class ResponseTooLargeError extends TaxiwayError {
  constructor(url: string, limit: number) {
    super(
      `response from ${url} is larger than ${limit} bytes (max_response_bytes); lower page_size or raise the limit`,
      { code: "HTTP_RESPONSE_TOO_LARGE", retryable: false, details: { url, limit } },
    );
  }
}

/**
 * The body did not decode with its Content-Encoding (a corrupt or truncated gzip, deflate or brotli stream).
 * Retryable: a transfer cut or mangled on the way may arrive whole the next time.
 */
export class BodyDecodeError extends NetworkError {
  constructor(url: string, encoding: string, cause: unknown) {
    super(
      `response from ${url} could not be decoded as ${encoding} (${(cause as Error)?.message ?? cause}); the transfer was corrupt or cut`,
      { code: "HTTP_BODY_UNDECODABLE", retryable: true, cause, details: { url, encoding } },
    );
  }
}
