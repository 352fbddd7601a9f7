export { type BackoffOptions, backoffDelay, parseRetryAfter, sleep } from "./backoff.js";
