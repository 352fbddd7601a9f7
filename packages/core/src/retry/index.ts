export { type BackoffOptions, backoffDelay, parseRetryAfter, sleep } from "./backoff.js";
export { type RetryOptions, withRetries } from "./with-retries.js";
