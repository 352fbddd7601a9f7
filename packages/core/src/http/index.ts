export { type RequestDeadline, requestDeadline } from "./deadline.js";
export { BodyDecodeError, ResponseTooLargeError } from "./errors.js";
export {
  HttpClient,
  type HttpClientOptions,
  type HttpRequest,
  type HttpResponse,
  type TlsOptions,
} from "./http-client.js";
export { RateLimiter } from "./rate-limit.js";
export { parseJsonSafely } from "./safe-json.js";
