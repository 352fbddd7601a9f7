import { AbortedError, ConfigError, requestDeadline, transientError } from "@taxiway/core";
import type { ResolvedSentinelConfig } from "./config.js";
import { bodyJson } from "./json.js";

/** Renew this long before the token's own expiry, so a request never leaves with a token about to lapse. */
const EARLY_RENEWAL_MS = 60_000;

interface TokenAnswer {
  access_token?: string;
  expires_in?: number | string;
  error?: string;
  error_codes?: number[];
}

/**
 * Microsoft Entra ID client-credentials flow (OAuth 2.0, RFC 6749 §4.4): POST the app's id and secret to the
 * tenant's v2.0 token endpoint, form-encoded, for the upload API's scope. The token is kept until shortly before
 * `expires_in` and renewed on demand; `invalidate()` (after a 401) forces the next `get()` to ask again.
 * Redirects are not followed, so the secret never leaves the configured login origin.
 */
export class EntraToken {
  private token: string | undefined;
  private expiresAt = 0;
  private pending: Promise<string> | undefined;
  /** Token requests made, for tests and logs. */
  requests = 0;

  constructor(
    private readonly config: ResolvedSentinelConfig,
    private readonly now: () => number = Date.now,
  ) {}

  async get(signal?: AbortSignal): Promise<string> {
    if (this.token && this.now() < this.expiresAt) return this.token;
    this.pending ??= this.request(signal).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  invalidate(): void {
    this.token = undefined;
    this.expiresAt = 0;
  }

  private async request(signal?: AbortSignal): Promise<string> {
    this.requests++;
    const where = this.config.tokenUrl.origin;
    let response: Response;
    let text: string;
    const deadline = requestDeadline(this.config.timeoutMs, signal);
    try {
      response = await fetch(this.config.tokenUrl, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: this.config.clientId,
          client_secret: this.config.clientSecret,
          scope: this.config.scope,
        }),
        signal: deadline.signal,
      });
      text = await response.text().catch(() => "");
    } catch (error) {
      if (signal?.aborted)
        throw new AbortedError("sentinel: aborted while asking for a token", { cause: error });
      throw transientError(`sentinel: token request to ${where} failed: ${(error as Error).message}`, {
        code: "SENTINEL_TOKEN_NETWORK",
      });
    } finally {
      deadline.clear();
    }
    const answer = (bodyJson(text) ?? {}) as TokenAnswer;
    if (response.status >= 500 || response.status === 429)
      throw transientError(`sentinel: token endpoint ${where} answered HTTP ${response.status}`, {
        code: `SENTINEL_TOKEN_HTTP_${response.status}`,
      });
    if (!response.ok || typeof answer.access_token !== "string")
      throw new ConfigError(
        `sentinel: Microsoft Entra ID at ${where} refused the client credentials (HTTP ${response.status}${answer.error ? `, ${answer.error}` : ""}${answer.error_codes?.length ? `, AADSTS${answer.error_codes[0]}` : ""}): check tenant_id, client_id and client_secret`,
        { code: "SENTINEL_TOKEN_REFUSED", details: { status: response.status } },
      );
    const lifetimeMs = Number(answer.expires_in ?? 3600) * 1000;
    this.token = answer.access_token;
    this.expiresAt = this.now() + Math.max(0, lifetimeMs - EARLY_RENEWAL_MS);
    return this.token;
  }
}
