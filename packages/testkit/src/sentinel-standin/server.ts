import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback stand-in for Microsoft Sentinel's threat-intelligence upload API and the Microsoft Entra ID token
 * endpoint, written from Microsoft's published reference ("Import threat intelligence to Microsoft Sentinel with the
 * upload API", learn.microsoft.com/azure/sentinel/stix-objects-api): the client-credentials grant at
 * `/{tenant}/oauth2/v2.0/token`, `POST /workspaces/{id}/threat-intelligence-stix-objects:upload?api-version=…` with
 * `{sourcesystem, stixobjects}`, at most 100 objects a request, 200 with `errors[{recordIndex, errorMessages}]` for
 * the objects it refuses, 400/401/404/429 as the reference lists them. Run one for the login origin and one for the
 * API origin to check that credentials never cross.
 */
export interface SentinelStandInOptions {
  tenant: string;
  clientId: string;
  clientSecret: string;
  workspaceId: string;
  /** `expires_in` of issued tokens, in seconds (default 3599). */
  tokenLifetimeSeconds?: number;
  /** Objects per request the API accepts (default 100, the reference's limit). */
  maxObjects?: number;
  /** `versions`: hold only id, modified and revoked of each object (memory tests); default the whole object. */
  keep?: "objects" | "versions";
}

/** What the stand-in saw of one request, secrets included, for the tests' "never sent to the other origin" checks. */
export interface SeenRequest {
  path: string;
  authorization?: string;
  body: string;
}

const REQUIRED_INDICATOR = ["id", "type", "created", "modified", "pattern", "pattern_type", "valid_from"];
const API_VERSION = "2024-02-01-preview";

export class SentinelStandIn {
  /** Uploaded objects by STIX id: the newest `modified` wins (an older one does not replace it). */
  readonly objects = new Map<string, Record<string, unknown>>();
  readonly requests: SeenRequest[] = [];
  /** Sizes of the accepted upload requests, in objects. */
  readonly uploads: number[] = [];
  tokensIssued = 0;
  /** False: every token is refused (an app without the Sentinel Contributor role on the workspace). */
  acceptTokens = true;
  private tokens = new Set<string>();
  private throttle: { times: number; retryAfterSeconds: number } | undefined;
  private refuse = new Map<string, string>();

  private constructor(
    private readonly server: Server,
    private readonly options: SentinelStandInOptions,
  ) {}

  static async start(options: SentinelStandInOptions): Promise<SentinelStandIn> {
    const server = createServer();
    const standIn = new SentinelStandIn(server, options);
    server.on("request", (req, res) => void standIn.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return standIn;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** This stand-in (the API origin) accepts the tokens `login` (the login origin) issues, as Sentinel accepts Entra's. */
  trustTokensOf(login: SentinelStandIn): void {
    this.tokens = login.tokens;
  }

  /** Every token issued so far stops working (expired or revoked early): the next upload gets a 401. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** The next `times` uploads get 429 with `Retry-After: retryAfterSeconds` and the reference's body. */
  throttleNext(times: number, retryAfterSeconds: number): void {
    this.throttle = { times, retryAfterSeconds };
  }

  /** Objects with this pattern are refused with this message (a per-object validation error). */
  refusePattern(pattern: string, message: string): void {
    this.refuse.set(pattern, message);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    const url = new URL(req.url ?? "/", "http://stand-in");
    // Bodies are kept in part: enough for the credential checks, bounded for the memory tests.
    this.requests.push({
      path: url.pathname,
      authorization: req.headers.authorization,
      body: body.slice(0, 4096),
    });
    const send = (status: number, answer?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(answer === undefined ? "" : JSON.stringify(answer));
    };
    if (req.method !== "POST") return send(405, { error: "method not allowed" });
    if (url.pathname === `/${this.options.tenant}/oauth2/v2.0/token`) return this.token(body, send);
    const upload = /^\/workspaces\/([^/]+)\/threat-intelligence-stix-objects:upload$/.exec(url.pathname);
    if (!upload) return send(404, { error: "not found" });
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!bearer || !this.tokens.has(bearer) || !this.acceptTokens)
      return send(401, { error: { code: "InvalidAuthenticationToken" } });
    if (decodeURIComponent(upload[1] as string) !== this.options.workspaceId)
      return send(404, { error: "workspace not found" });
    if (url.searchParams.get("api-version") !== API_VERSION)
      return send(400, { error: "unsupported api-version" });
    if (this.throttle && this.throttle.times > 0) {
      this.throttle.times--;
      const seconds = this.throttle.retryAfterSeconds;
      return send(
        429,
        { statusCode: 429, message: `Rate limit is exceeded. Try again in ${seconds} seconds.` },
        { "retry-after": String(seconds) },
      );
    }
    return this.accept(body, send);
  }

  private token(body: string, send: (status: number, answer?: unknown) => void) {
    const form = new URLSearchParams(body);
    if (form.get("grant_type") !== "client_credentials")
      return send(400, { error: "unsupported_grant_type", error_codes: [70003] });
    if (
      form.get("client_id") !== this.options.clientId ||
      form.get("client_secret") !== this.options.clientSecret
    )
      return send(401, { error: "invalid_client", error_codes: [7000215] });
    if (form.get("scope") !== "https://management.azure.com/.default")
      return send(400, { error: "invalid_scope", error_codes: [70011] });
    const token = randomBytes(16).toString("hex");
    this.tokens.add(token);
    this.tokensIssued++;
    send(200, {
      token_type: "Bearer",
      expires_in: this.options.tokenLifetimeSeconds ?? 3599,
      access_token: token,
    });
  }

  private accept(body: string, send: (status: number, answer?: unknown) => void) {
    let request: { sourcesystem?: unknown; stixobjects?: unknown };
    try {
      request = JSON.parse(body);
    } catch {
      return send(400, { error: "the body is not JSON" });
    }
    const objects = request.stixobjects;
    if (
      typeof request.sourcesystem !== "string" ||
      request.sourcesystem === "Microsoft Sentinel" ||
      !Array.isArray(objects)
    )
      return send(400, { error: "sourcesystem and stixobjects are required" });
    if (objects.length > (this.options.maxObjects ?? 100))
      return send(400, { error: "too many objects in one request" });
    this.uploads.push(objects.length);
    const errors: { recordIndex: number; errorMessages: string[] }[] = [];
    objects.forEach((object: Record<string, unknown>, recordIndex) => {
      const missing = REQUIRED_INDICATOR.filter((name) => object[name] === undefined);
      const refused = this.refuse.get(String(object.pattern));
      if (missing.length > 0 || refused) {
        errors.push({
          recordIndex,
          errorMessages: refused
            ? [refused]
            : missing.map(
                (name) => `Error for Property=${name}: Required property is missing. Actual value: NULL.`,
              ),
        });
        return;
      }
      const id = String(object.id);
      const held = this.objects.get(id);
      if (!held || String(held.modified) <= String(object.modified))
        this.objects.set(
          id,
          this.options.keep === "versions"
            ? { id, modified: object.modified, revoked: object.revoked }
            : object,
        );
    });
    send(200, errors.length > 0 ? { errors } : undefined);
  }
}
