import { TaxiwayError } from "../errors/index.js";
import { parseRetryAfter } from "../retry/index.js";

/** The TAXII error object a server may send (title, description, http_status…). */
export interface TaxiiErrorObject {
  title?: string;
  description?: string;
  error_id?: string;
  error_code?: string;
  http_status?: string;
}

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

function advice(status: number, context: { offered?: string; url: string }): string {
  switch (status) {
    case 400:
      return "the server rejected the request parameters (a bad added_after, match filter or an expired next token)";
    case 401:
      return "authentication failed: check source.auth (token, user name and password, or JWT login)";
    case 403:
      return "these credentials may not read this collection: ask the feed provider for access";
    case 404:
      return "not found: check source.url (discovery or API-root URL) and source.collection (id, alias or title)";
    case 406:
      return `the server cannot answer in the requested media type${context.offered ? `; it offers ${context.offered}` : ""}: set source.version to match`;
    case 413:
      return "the request was too large: lower page_size";
    case 415:
      return "the server does not accept this content type";
    case 416:
      return "the requested range is not satisfiable (TAXII 2.0 paging past the end)";
    case 422:
      return "the server could not process the objects sent";
    case 429:
      return "rate limited by the server";
    default:
      return status >= 500 ? "the server failed" : "the server refused the request";
  }
}

/** Only a short, single-line excerpt of a non-TAXII body (an HTML error page from a proxy, say) is kept. */
function excerpt(text: string): string {
  const flat = text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > 160 ? `${flat.slice(0, 160)}…` : flat;
}

/** An HTTP error answer from a TAXII server, with an actionable message per status. */
export class TaxiiHttpError extends TaxiwayError {
  readonly status: number;
  readonly taxiiError?: TaxiiErrorObject;

  constructor(input: {
    status: number;
    url: string;
    body: string;
    contentType?: string;
    retryAfter?: string;
    offered?: string;
  }) {
    let taxiiError: TaxiiErrorObject | undefined;
    if (/json/i.test(input.contentType ?? "")) {
      try {
        const parsed = JSON.parse(input.body) as TaxiiErrorObject;
        if (parsed && typeof parsed === "object") taxiiError = parsed;
      } catch {
        // not JSON after all: shown as an excerpt below
      }
    }
    const said = taxiiError?.title
      ? ` — server says: ${taxiiError.title}${taxiiError.description ? `: ${taxiiError.description}` : ""}`
      : input.body
        ? ` — body: ${excerpt(input.body)}`
        : "";
    const retryAfterMs = parseRetryAfter(input.retryAfter);
    super(`TAXII ${input.status} from ${input.url}: ${advice(input.status, input)}${said}`, {
      code: `TAXII_HTTP_${input.status}`,
      retryable: RETRYABLE.has(input.status),
      details: {
        status: input.status,
        url: input.url,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      },
    });
    this.status = input.status;
    this.taxiiError = taxiiError;
  }
}

/** The server answered, but not in a way taxiway can page through safely (e.g. `more: true` without progress). */
export class TaxiiProtocolError extends TaxiwayError {
  constructor(message: string, details: Record<string, unknown> = {}, retryable = false) {
    super(message, { code: "TAXII_PROTOCOL", retryable, details });
  }
}
