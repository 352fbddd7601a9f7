import { ConfigError } from "../errors/index.js";
import type { HttpClient } from "../http/index.js";
import { parseJsonSafely } from "../http/index.js";
import { SecretRegistry } from "../logging/index.js";
import type { TaxiiAuth } from "./source-config.js";

/** Supplies the auth headers of each request; a JWT provider logs in lazily and again after a 401. */
export interface AuthProvider {
  headers(signal?: AbortSignal): Promise<Record<string, string>>;
  /** Forget cached credentials (after a 401). Returns true when trying again could help. */
  invalidate(): boolean;
}

class StaticAuth implements AuthProvider {
  constructor(private readonly value: Record<string, string>) {}
  async headers() {
    return this.value;
  }
  invalidate() {
    return false;
  }
}

class JwtAuth implements AuthProvider {
  private token?: Promise<string>;

  constructor(
    private readonly auth: Extract<TaxiiAuth, { type: "jwt" }>,
    private readonly http: HttpClient,
  ) {}

  private async login(signal?: AbortSignal): Promise<string> {
    const response = await this.http.send({
      method: "POST",
      url: this.auth.login_url,
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ username: this.auth.username, password: this.auth.password }),
      signal,
    });
    if (response.status === 401 || response.status === 403)
      throw new ConfigError(
        `JWT login at ${this.auth.login_url} refused (${response.status}): check source.auth username and password`,
        {
          code: "TAXII_AUTH",
        },
      );
    if (response.status >= 400)
      throw new ConfigError(`JWT login at ${this.auth.login_url} failed with HTTP ${response.status}`, {
        code: "TAXII_AUTH",
      });
    const body = parseJsonSafely(response.text) as { token?: unknown; access_token?: unknown };
    const token = typeof body?.token === "string" ? body.token : body?.access_token;
    if (typeof token !== "string" || token === "")
      throw new ConfigError(`JWT login at ${this.auth.login_url} answered without a token field`, {
        code: "TAXII_AUTH",
      });
    // The access token is a credential like the password: masked on every output from now on (--json included).
    SecretRegistry.process.add(token);
    return token;
  }

  async headers(signal?: AbortSignal) {
    this.token ??= this.login(signal).catch((error: unknown) => {
      this.token = undefined;
      throw error;
    });
    return { authorization: `Bearer ${await this.token}` };
  }

  invalidate() {
    this.token = undefined;
    return true;
  }
}

/**
 * The auth headers of every TAXII request. Each credential is registered as a process-wide secret first, in the
 * forms it is sent (Basic: `user:password` and its base64, not only the password).
 */
export function createAuth(auth: TaxiiAuth | undefined, http: HttpClient): AuthProvider {
  const secrets = SecretRegistry.process;
  if (auth?.type === "bearer") secrets.add(auth.token);
  else if (auth?.type === "basic") secrets.addBasic(auth.username, auth.password);
  else if (auth?.type === "header") secrets.add(auth.value);
  else if (auth?.type === "jwt") secrets.addBasic(auth.username, auth.password);
  switch (auth?.type ?? "none") {
    case "bearer":
      return new StaticAuth({ authorization: `Bearer ${(auth as { token: string }).token}` });
    case "basic": {
      const { username, password } = auth as { username: string; password: string };
      return new StaticAuth({
        authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`,
      });
    }
    case "header": {
      const { name, value } = auth as { name: string; value: string };
      return new StaticAuth({ [name.toLowerCase()]: value });
    }
    case "jwt":
      return new JwtAuth(auth as Extract<TaxiiAuth, { type: "jwt" }>, http);
    default:
      return new StaticAuth({});
  }
}
