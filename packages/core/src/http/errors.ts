import { TaxiwayError } from "../errors/index.js";

/** The response body exceeded `max_response_bytes` (after decompression). Not retryable: the same page would be as large. */
export class ResponseTooLargeError extends TaxiwayError {
  constructor(url: string, limit: number) {
    super(
      `response from ${url} is larger than ${limit} bytes (max_response_bytes); lower page_size or raise the limit`,
      { code: "HTTP_RESPONSE_TOO_LARGE", retryable: false, details: { url, limit } },
    );
  }
}
