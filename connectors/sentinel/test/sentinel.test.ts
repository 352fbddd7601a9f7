import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ConfigError, deliver, extractFromPattern, type IocRecord } from "@taxiway/core";
import { configAjv } from "@taxiway/core/schema-compiler";
import { recordingLogger, sampleRecord, sampleRecords, testSinkContext } from "@taxiway/testkit";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  connector,
  indicatorId,
  iocPattern,
  resolveConfig,
  SentinelSink,
  type SentinelSinkConfig,
} from "../src/index.js";
import { CREDENTIALS, standIns } from "./stand-in.js";

const env = await standIns({ tokenLifetimeSeconds: 3599 });
afterAll(() => env.close());

function sink(config: SentinelSinkConfig, logger = recordingLogger()) {
  return connector.create(config, testSinkContext({ logger, job: "sentinel-test" }));
}

const statuses = (outcomes: { status: string }[]) => outcomes.map((o) => o.status);

describe("sentinel sink against the upload API stand-in", () => {
  it("client-credentials token from the login origin, bearer to the API origin; neither credential crosses origins", async () => {
    const before = { login: env.login.requests.length, api: env.api.requests.length };
    const s = sink(env.config());
    expect((await s.check()).ok).toBe(true);
    expect(statuses((await s.write(sampleRecords(3))).outcomes)).toEqual([
      "delivered",
      "delivered",
      "delivered",
    ]);
    const loginSeen = env.login.requests.slice(before.login);
    const apiSeen = env.api.requests.slice(before.api);
    expect(loginSeen.map((r) => r.path)).toEqual([`/${CREDENTIALS.tenant}/oauth2/v2.0/token`]);
    expect(new URLSearchParams(loginSeen[0]?.body).get("grant_type")).toBe("client_credentials");
    expect(apiSeen.map((r) => r.path)).toEqual([
      `/workspaces/${CREDENTIALS.workspaceId}/threat-intelligence-stix-objects:upload`,
    ]);
    expect(JSON.stringify(apiSeen)).not.toContain(CREDENTIALS.clientSecret);
    expect(loginSeen.every((r) => r.authorization === undefined)).toBe(true);
    expect(apiSeen[0]?.authorization).toMatch(/^Bearer [0-9a-f]{32}$/);
    await s.close();
  });

  it("a wrong client secret: check() fails as configuration, write() throws a configuration error; the secret is never logged", async () => {
    const secret = "wrong-secret-for-the-logs";
    const logger = recordingLogger();
    const s = sink(env.config({ client_secret: secret }), logger);
    const checked = await s.check();
    expect(checked).toMatchObject({ ok: false, configuration: true });
    const error = await s.write([sampleRecord(1)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(
      JSON.stringify({ checked, logged: logger.lines, message: (error as Error).message }),
    ).not.toContain(secret);
  });

  it("the token is kept until shortly before it expires, then renewed", async () => {
    let now = 1_000_000;
    const short = await standIns({ tokenLifetimeSeconds: 120 });
    try {
      const s = new SentinelSink(resolveConfig(short.config()), testSinkContext(), () => now);
      await s.write([sampleRecord(1)]);
      await s.write([sampleRecord(2)]);
      expect(short.login.tokensIssued, "one token for writes within its lifetime").toBe(1);
      now += 61_000; // 120 s lifetime, renewed 60 s early
      await s.write([sampleRecord(3)]);
      expect(short.login.tokensIssued, "renewed after expiry").toBe(2);
    } finally {
      await short.close();
    }
  });

  it("a 401 (token revoked or expired early) renews the token once and sends again", async () => {
    const s = new SentinelSink(resolveConfig(env.config()), testSinkContext());
    await s.write([sampleRecord(1)]);
    const issued = env.login.tokensIssued;
    env.login.revokeTokens();
    expect(statuses((await s.write([sampleRecord(2)])).outcomes)).toEqual(["delivered"]);
    expect(env.login.tokensIssued).toBe(issued + 1);
  });

  it("a 401 again after renewal (no Sentinel role on the workspace) is a configuration error, not retried", async () => {
    env.api.acceptTokens = false;
    try {
      const error = await sink(env.config())
        .write([sampleRecord(1)])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).code).toBe("SENTINEL_HTTP_401");
    } finally {
      env.api.acceptTokens = true;
    }
  });

  it("an unknown workspace (404) is a configuration error", async () => {
    const error = await sink(env.config({ workspace_id: "no-such-workspace" }))
      .write([sampleRecord(1)])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
  });

  it("batches at the API's limit: 250 records go as 100 + 100 + 50; batch_size above 100 is refused by the schema", async () => {
    const before = env.api.uploads.length;
    const result = await sink(env.config()).write(sampleRecords(250, 1000));
    expect(result.outcomes.every((o) => o.status === "delivered")).toBe(true);
    expect(env.api.uploads.slice(before)).toEqual([100, 100, 50]);
    const validate = configAjv().compile(connector.configSchema);
    expect(validate(env.config({ batch_size: 100 }))).toBe(true);
    expect(validate(env.config({ batch_size: 101 }))).toBe(false);
  });

  it("throttling: a 429 with Retry-After is a transient outcome carrying the wait, and the runner's retry waits it out", async () => {
    env.api.throttleNext(1, 1);
    const s = sink(env.config());
    const first = await s.write([sampleRecord(7)]);
    expect(first.outcomes[0]).toMatchObject({
      status: "transient",
      error: { code: "SENTINEL_HTTP_429", details: { retryAfterMs: 1000 } },
    });
    env.api.throttleNext(1, 1);
    const logger = recordingLogger();
    const result = await deliver(s, [sampleRecord(8)], {
      sinkId: "sentinel",
      batchSize: 100,
      retries: 2,
      logger,
      backoffBaseMs: 1,
    });
    expect(result.delivered).toBe(1);
    const waits = logger.lines
      .filter((l) => l.level === "warn")
      .map((l) => (l.args[0] as { delayMs: number }).delayMs);
    expect(waits).toHaveLength(1);
    expect(
      waits[0],
      "the runner waited what Retry-After asked, not its own 1 ms backoff",
    ).toBeGreaterThanOrEqual(1000);
  });

  it("per-object errors become rejected records with the API's messages; the others are delivered", async () => {
    const records = sampleRecords(4, 2000);
    env.api.refusePattern(
      iocPattern(records[2] as IocRecord) as string,
      "Error for Property=pattern: not accepted.",
    );
    const result = await sink(env.config()).write(records);
    expect(statuses(result.outcomes)).toEqual(["delivered", "delivered", "permanent", "delivered"]);
    expect(result.outcomes[2]).toMatchObject({ error: { code: "SENTINEL_OBJECT_REJECTED" } });
    expect((result.outcomes[2] as { error: Error }).error.message).toContain("not accepted");
  });

  it("revoked or expired IOCs are sent as revoked indicators with the same id", async () => {
    const live = sampleRecord(3000);
    const revoked = {
      ...live,
      action: "delete" as const,
      revoked: true,
      modified: "2026-06-01T00:00:00.000Z",
    };
    const s = sink(env.config());
    await s.write([live]);
    expect(env.api.objects.get(indicatorId(live.key))).toMatchObject({
      revoked: false,
      pattern: live.pattern,
    });
    await s.write([revoked]);
    expect(env.api.objects.get(indicatorId(live.key))).toMatchObject({
      revoked: true,
      modified: revoked.modified,
    });
  });

  it("a redirect from the API is not followed: the token never reaches the other origin", async () => {
    let reached = 0;
    const other = createServer((_req, res) => {
      reached++;
      res.end();
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    const redirector = createServer((_req, res) => {
      res.writeHead(307, { location: `http://127.0.0.1:${(other.address() as AddressInfo).port}/steal` });
      res.end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, "127.0.0.1", resolve));
    try {
      const error = await sink(
        env.config({ api_url: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}` }),
      )
        .write([sampleRecord(1)])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect(reached).toBe(0);
    } finally {
      other.close();
      redirector.close();
    }
  });

  it("property: the pattern built for an IOC extracts back to exactly that IOC (type and value)", () => {
    const octet = fc.integer({ min: 0, max: 255 });
    const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
    const cases = fc.oneof(
      fc.tuple(octet, octet, octet, octet).map((o) => ({ type: "ipv4" as const, value: o.join(".") })),
      fc.tuple(label, label).map(([a, b]) => ({ type: "domain" as const, value: `${a}.${b}.com` })),
      fc
        .tuple(label, label)
        .map(([a, b]) => ({ type: "url" as const, value: `https://${a}.example.com/${b}?q='x'` })),
      fc.tuple(label, label).map(([a, b]) => ({ type: "email" as const, value: `${a}@${b}.org` })),
      fc
        .stringMatching(/^[0-9a-f]{64}$/)
        .map((h) => ({ type: "file" as const, value: h, hashes: { "SHA-256": h } })),
    );
    fc.assert(
      fc.property(cases, (ioc) => {
        const record = { ...sampleRecord(1), ...ioc };
        const pattern = iocPattern(record) as string;
        const extracted = extractFromPattern(pattern).records;
        expect(extracted.map((r) => [r.type, r.value])).toEqual([[ioc.type, ioc.value]]);
      }),
      { seed: 2023, numRuns: 300 },
    );
  });
});
