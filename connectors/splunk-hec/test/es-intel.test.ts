import type { IocRecord } from "@taxiway/core";
import { recordingLogger, runSinkConformance, sampleRecord, testSinkContext } from "@taxiway/testkit";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { connector, type SplunkEsIntelConfig } from "../src/es-intel/index.js";
import { FakeKvStore } from "./kv-store.js";

const TOKEN = "es-intel-token-0123456789";
const store = await FakeKvStore.start(`Bearer ${TOKEN}`);
afterAll(() => store.close());
const DATA = "/servicesNS/nobody/SA-ThreatIntelligence/storage/collections/data";

const sinkFor = (config: Partial<SplunkEsIntelConfig> = {}, logger = recordingLogger()) =>
  connector.create({ url: store.url, auth: { token: TOKEN }, ...config }, testSinkContext({ logger }));

const saves = () => store.requests.filter((r) => r.method === "POST");

describe("splunk-es-intel: Enterprise Security threat-intelligence collections", () => {
  beforeEach(() => store.clear());

  it("writes each IOC type into its collection with ES field names (exact batch_save bodies)", async () => {
    const sink = sinkFor({ threat_key: "partner-intel" });
    const at = { modified: "2026-03-01T10:00:00.000Z", confidence: 80, description: "C2" };
    const records: IocRecord[] = [
      sampleRecord(1, { ...at, type: "ipv4", value: "203.0.113.7" }),
      sampleRecord(2, { ...at, type: "domain", value: "evil.example" }),
      sampleRecord(3, { ...at, type: "url", value: "https://evil.example/a", confidence: 40 }),
      sampleRecord(4, {
        ...at,
        type: "file",
        value: "a".repeat(64),
        hashes: { MD5: "b".repeat(32), "SHA-256": "a".repeat(64) },
        file_name: "dropper.exe",
      }),
      sampleRecord(5, { ...at, type: "email", value: "ceo@evil.example", confidence: 10 }),
      sampleRecord(6, {
        ...at,
        type: "x509",
        value: "0a:0b",
        observable: { serial_number: "0a:0b", issuer: "CN=Bad" },
      }),
      sampleRecord(7, {
        ...at,
        type: "registry-key",
        value: "HKEY_LOCAL_MACHINE\\Software\\Run",
        observable: { "values[*].data": "evil.exe" },
      }),
      sampleRecord(8, { ...at, type: "user-account", value: "backdoor" }),
    ];
    const result = await sink.write(records);
    await sink.close();
    expect(result.outcomes.map((o) => o.status)).toEqual(records.map(() => "delivered"));
    const common = { threat_key: "partner-intel", description: "C2", time: 1772359200, weight: 3 };
    const bodyOf = (collection: string) =>
      saves().find((r) => r.path === `${DATA}/${collection}/batch_save`)?.body;
    const [ip, domain, url, file, email, cert, registry, user] = records as IocRecord[] as [
      IocRecord,
      IocRecord,
      IocRecord,
      IocRecord,
      IocRecord,
      IocRecord,
      IocRecord,
      IocRecord,
    ];
    expect(bodyOf("ip_intel")).toEqual([
      { _key: ip.key, ip: "203.0.113.7", ...common },
      { _key: domain.key, domain: "evil.example", ...common },
    ]);
    expect(bodyOf("http_intel")).toEqual([
      { _key: url.key, url: "https://evil.example/a", ...common, weight: 2 },
    ]);
    expect(bodyOf("file_intel")).toEqual([
      { _key: file.key, file_hash: "a".repeat(64), file_name: "dropper.exe", ...common },
      { _key: `${file.key}-md5`, file_hash: "b".repeat(32), file_name: "dropper.exe", ...common },
    ]);
    expect(bodyOf("email_intel")).toEqual([
      { _key: email.key, src_user: "ceo@evil.example", ...common, weight: 1 },
    ]);
    expect(bodyOf("certificate_intel")).toEqual([
      { _key: cert.key, certificate_serial: "0a:0b", certificate_issuer: "CN=Bad", ...common },
    ]);
    expect(bodyOf("registry_intel")).toEqual([
      {
        _key: registry.key,
        registry_path: "HKEY_LOCAL_MACHINE\\Software\\Run",
        registry_value_text: "evil.exe",
        ...common,
      },
    ]);
    expect(bodyOf("user_intel")).toEqual([{ _key: user.key, user: "backdoor", ...common }]);
    // Before saving, the sink asked which of these keys are already held, and with which time.
    const lookup = store.requests.find((r) => r.method === "GET" && r.path === `${DATA}/ip_intel`);
    expect(JSON.parse(lookup?.query.query ?? "{}")).toEqual({
      $or: [{ _key: ip.key }, { _key: domain.key }],
    });
    expect(lookup?.query.fields).toBe("_key,time");
  });

  it("revoked IOCs are deleted by _key (every row of a file); an absent row counts as deleted", async () => {
    const sink = sinkFor();
    const file = sampleRecord(4, {
      type: "file",
      value: "a".repeat(64),
      hashes: { MD5: "b".repeat(32), "SHA-256": "a".repeat(64) },
    });
    await sink.write([file]);
    expect(store.rows("file_intel")).toHaveLength(2);
    const gone = { ...file, action: "delete" as const, revoked: true, modified: "2026-02-01T00:00:00.000Z" };
    const never = { ...sampleRecord(9), action: "delete" as const };
    const result = await sink.write([gone, never]);
    await sink.close();
    expect(result.outcomes.map((o) => o.status)).toEqual(["delivered", "delivered"]);
    expect(store.rows("file_intel")).toEqual([]);
    expect(
      store.requests
        .filter((r) => r.method === "DELETE")
        .map((r) => r.path)
        .sort(),
    ).toEqual([`${DATA}/file_intel/${file.key}`, `${DATA}/file_intel/${file.key}-md5`].sort());
  });

  it("issue 20: versions compare at µs against the stored time; a delete of the same modified wins, a stale one does not", async () => {
    const sink = sinkFor();
    const at = (modified: string, n: number, extra: Partial<IocRecord> = {}) =>
      sampleRecord(n, { modified, ...extra });
    // Upserts in the same millisecond, out of order: the later µs stays.
    const newer = at("2026-03-01T10:00:00.123789Z", 1, { description: "newer" });
    await sink.write([newer]);
    await sink.write([{ ...newer, modified: "2026-03-01T10:00:00.123456Z", description: "older" }]);
    expect(store.rows("ip_intel")).toEqual([
      expect.objectContaining({ _key: newer.key, description: "newer", time: 1772359200.123789 }),
    ]);
    // A stale delete (1 µs older than the held row) leaves it; the revocation 1 µs later removes it.
    const revoke = (modified: string) => ({ ...newer, modified, action: "delete" as const, revoked: true });
    expect((await sink.write([revoke("2026-03-01T10:00:00.123788Z")])).outcomes[0]?.status).toBe("delivered");
    expect(store.rows("ip_intel")).toHaveLength(1);
    expect((await sink.write([revoke("2026-03-01T10:00:00.123790Z")])).outcomes[0]?.status).toBe("delivered");
    expect(store.rows("ip_intel")).toEqual([]);
    // The expiry delete of an unchanged object (same modified as the held row) removes it.
    const unchanged = at("2026-03-01T10:00:00Z", 2);
    await sink.write([unchanged]);
    await sink.write([{ ...unchanged, action: "delete" }]);
    await sink.close();
    expect(store.rows("ip_intel")).toEqual([]);
  });

  it("issue 20 #3: a sweep deletes rows whose validity passed while the feed was silent (clock injected)", async () => {
    const sink = sinkFor();
    const day = 86_400_000;
    const now = Date.parse("2027-01-01T00:00:00Z");
    const expiring = sampleRecord(1, { valid_until: "2026-12-31T00:00:00Z" });
    const lasting = sampleRecord(2, { valid_until: "2027-06-01T00:00:00Z" });
    const stale = sampleRecord(3, { modified: "2026-06-01T00:00:00Z" });
    const fresh = sampleRecord(4, { modified: "2026-12-25T00:00:00Z" });
    const file = sampleRecord(5, {
      type: "file",
      value: "a".repeat(64),
      hashes: { MD5: "b".repeat(32), "SHA-256": "a".repeat(64) },
      expires_at: "2026-12-01T00:00:00Z",
    });
    await sink.write([expiring, lasting, stale, fresh, file]);
    expect(store.rows("ip_intel").find((r) => r._key === expiring.key)?.taxiway_expires).toBe(
      Date.parse("2026-12-31T00:00:00Z") / 1000,
    );
    const dry = await sink.sweep?.({ now, expireAfterMs: 90 * day, dryRun: true });
    expect(dry?.expired).toBe(4);
    expect(store.rows("ip_intel")).toHaveLength(4);
    const swept = await sink.sweep?.({ now, expireAfterMs: 90 * day });
    expect(swept?.expired).toBe(4);
    expect(new Set(swept?.sample)).toEqual(new Set([expiring.key, stale.key, file.key, `${file.key}-md5`]));
    expect(store.rows("ip_intel").map((r) => r._key)).toEqual([lasting.key, fresh.key]);
    expect(store.rows("file_intel")).toEqual([]);
    // Without expire_after, only an explicit expiry counts; a second sweep finds nothing.
    expect((await sink.sweep?.({ now }))?.expired).toBe(0);
    await sink.close();
  });

  it("an older version never overwrites a newer row; a replay of the same version rewrites it unchanged", async () => {
    const sink = sinkFor();
    const newer = sampleRecord(1, { modified: "2026-06-01T00:00:00.000Z", description: "newer" });
    await sink.write([newer]);
    await sink.write([{ ...newer, modified: "2026-01-01T00:00:00.000Z", description: "older" }]);
    await sink.write([newer]);
    await sink.close();
    expect(store.rows("ip_intel")).toEqual([
      expect.objectContaining({ _key: newer.key, description: "newer" }),
    ]);
    expect(saves()).toHaveLength(2);
  });

  it("a row Splunk refuses is isolated by halving and dead-lettered; the rest of the batch lands", async () => {
    const sink = sinkFor();
    const records = Array.from({ length: 8 }, (_, i) => sampleRecord(100 + i));
    store.poison.add((records[5] as IocRecord).key);
    const result = await sink.write(records);
    await sink.close();
    expect(result.outcomes.map((o) => o.status)).toEqual(
      records.map((_, i) => (i === 5 ? "permanent" : "delivered")),
    );
    const failed = result.outcomes[5];
    expect(failed?.status === "permanent" && failed.error.message).toContain("Failed to parse document");
    expect(store.rows("ip_intel")).toHaveLength(7);
  });

  it("types with no ES collection are skipped and counted in the log, not dead-lettered", async () => {
    const lines = recordingLogger();
    const sink = sinkFor({}, lines);
    const result = await sink.write([
      sampleRecord(1, { type: "mac", value: "00:11:22:33:44:55" }),
      sampleRecord(2, { type: "asn", value: "64496" }),
    ]);
    await sink.close();
    expect(result.outcomes.map((o) => o.status)).toEqual(["delivered", "delivered"]);
    expect(saves()).toEqual([]);
    expect(JSON.stringify(lines.lines)).toContain('"skipped":{"mac":1,"asn":1}');
  });

  it("rejected credentials and a missing app stop the run with a config error; the token is never echoed", async () => {
    const wrong = sinkFor({ auth: { token: "not-the-token-42" } });
    await expect(wrong.write([sampleRecord(1)])).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining("refused these credentials (HTTP 401)"),
    });
    await wrong.close();
    const noApp = sinkFor({ app: "SA-NotInstalled" });
    const error = await noApp.write([sampleRecord(1)]).catch((e: Error) => e);
    expect(error).toMatchObject({
      retryable: false,
      message: expect.stringContaining("collection ip_intel not found in app SA-NotInstalled"),
    });
    expect((error as Error).message).not.toContain(TOKEN);
    await noApp.close();
  });

  it("check() names what is wrong: credentials, or an app without the collections", async () => {
    expect((await sinkFor().check()).ok).toBe(true);
    const bad = await sinkFor({ auth: { username: "admin", password: "wrong-password-1" } }).check();
    expect(bad).toMatchObject({ ok: false, details: { retryable: false } });
    expect(bad.message).toContain("credentials rejected");
    const noApp = await sinkFor({ app: "SA-NotInstalled" }).check();
    expect(noApp.ok).toBe(false);
    expect(noApp.message).toContain("is Enterprise Security installed");
  });
});

await runSinkConformance<SplunkEsIntelConfig>({
  descriptor: connector,
  config: (env) => ({
    url: env.proxyUrl ?? store.url,
    auth: { token: TOKEN },
    max_in_flight: 2,
    batch_size: 500,
  }),
  badConfig: (env) => ({
    url: env.proxyUrl ?? store.url,
    auth: { username: "admin", password: "wrong-password-1" },
  }),
  readBack: async () =>
    store.rows("ip_intel").map((row) => ({
      key: row._key as string,
      modified: new Date((row.time as number) * 1000).toISOString(),
    })),
  reset: async () => store.clear(),
  secrets: ["auth.token", "auth.password"],
  semantics: "keyed",
  memory: { records: 20_000 },
  http: {
    upstream: () => store.url,
    maxInFlight: 2,
    faultBody: (status) => ({ messages: [{ type: "ERROR", text: `injected ${status}` }] }),
  },
});
