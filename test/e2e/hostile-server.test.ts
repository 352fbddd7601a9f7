import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HOSTILE_BEHAVIOURS, type HostileBehaviour, HostileTaxiiServer } from "@taxiway/testkit/fixtures";
import { afterAll, describe, expect, it } from "vitest";
import { type Finished, taxiway } from "./binary.js";

// Secrets with characters that URL-encoding and JSON-escaping change, so every form differs from the raw one.
const USER = "bob";
const PASSWORD = "p@ss/wörd+Basic-7q";
const API_KEY = "key:with spaces&=-93x";
const JWT_PASSWORD = "jwt-pass/wörd-44";
const JWT_ACCESS_TOKEN = "jwt-access-token-0f1e2d3c4b5a";

/** Every form a secret may leak in: raw, URL-encoded, JSON-escaped, base64 (alone and as `user:password`). */
function forms(): string[] {
  const raw = [
    PASSWORD,
    API_KEY,
    JWT_PASSWORD,
    JWT_ACCESS_TOKEN,
    `${USER}:${PASSWORD}`,
    `${USER}:${JWT_PASSWORD}`,
  ];
  return raw.flatMap((value) => [
    value,
    encodeURIComponent(value),
    JSON.stringify(value).slice(1, -1),
    Buffer.from(value).toString("base64"),
  ]);
}

const servers: HostileTaxiiServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) found.push(join(entry.parentPath, entry.name));
  return found;
}

/** Asserts no secret form in any output or any file the commands wrote, and no stack trace or raw TypeError. */
async function expectClean(dir: string, results: Finished[]): Promise<void> {
  const texts = results.flatMap((r) => [r.stdout, r.stderr]);
  for (const file of await filesUnder(dir))
    if (!file.endsWith(".yaml")) texts.push(await readFile(file, "utf8"));
  for (const text of texts) {
    for (const form of forms()) expect(text, `secret form ${form} leaked`).not.toContain(form);
    expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(text).not.toMatch(/TypeError|RangeError|Maximum call stack/);
  }
}

async function jobFor(
  server: HostileTaxiiServer,
  dir: string,
  auth: "basic" | "jwt",
  extra = "",
): Promise<string> {
  const path = join(dir, `job-${auth}.yaml`);
  const authLine =
    auth === "basic"
      ? `auth: { type: basic, username: ${USER}, password: "\${env:FEED_PASSWORD}" }`
      : `auth: { type: jwt, login_url: "${server.loginUrl}", username: ${USER}, password: "\${env:JWT_PASSWORD}" }`;
  await writeFile(
    path,
    `name: hostile-${auth}
source:
  type: taxii
  url: ${server.url}
  collection: c1
  page_size: 5
  retries: 1
  ${authLine}
  headers: { x-api-key: "\${env:FEED_API_KEY}" }
${extra}
sinks:
  - type: csv
    path: ./out/iocs.csv
    columns: [type, value, stix_id]
`,
  );
  return path;
}

const env = { FEED_PASSWORD: PASSWORD, FEED_API_KEY: API_KEY, JWT_PASSWORD };

/** What `run` must end with under each behaviour (exit code, and what stderr or the CSV must show). */
const RUN_EXPECTS: Record<HostileBehaviour, { codes: number[]; says?: RegExp; rows?: number }> = {
  drip: { codes: [1], says: /timeouts\.request/ },
  "redirect-same-origin": { codes: [0], rows: 15 },
  "redirect-cross-origin": {
    codes: [2],
    says: /redirects \(HTTP 301\) to another origin, http:\/\/127\.0\.0\.2:9\//,
  },
  html: { codes: [1], says: /text\/html instead of TAXII JSON/ },
  "null-items": { codes: [0], rows: 15 },
  "deep-nesting": { codes: [0], rows: 16 },
  "backwards-headers": { codes: [0, 1] },
  "garbage-headers": { codes: [0, 1] },
  "unauthorized-page-2": { codes: [2], says: /TAXII 401/ },
  "echo-credentials": { codes: [1], says: /TAXII 500/ },
};

describe("hostile TAXII servers: run, check, discover and doctor never crash, hang or leak a secret", () => {
  for (const behaviour of HOSTILE_BEHAVIOURS)
    it(`${behaviour}`, async () => {
      const server = await HostileTaxiiServer.start(behaviour);
      servers.push(server);
      const dir = await mkdtemp(join(tmpdir(), `taxiway-hostile-${behaviour}-`));
      const timeouts = behaviour === "drip" ? "  timeouts: { request: 1s, body: 1m }" : "";
      const job = await jobFor(server, dir, "basic", timeouts);
      const run = await taxiway(["run", job, "--json"], { env, cwd: dir });
      const expected = RUN_EXPECTS[behaviour];
      expect(expected.codes, `run exited ${run.code}: ${run.stderr}`).toContain(run.code);
      if (expected.says) expect(run.stderr).toMatch(expected.says);
      if (expected.rows !== undefined) {
        const csv = await readFile(join(dir, "out", "iocs.csv"), "utf8");
        expect(csv.trim().split("\n").length - 1).toBe(expected.rows);
      }
      await expect(stat(join(dir, "state", "hostile-basic.json.lock"))).rejects.toThrow();
      const others = [
        await taxiway(["check", job], { env, cwd: dir }),
        await taxiway(["discover", job], { env, cwd: dir }),
        await taxiway(["doctor", job], { env, cwd: dir }),
        await taxiway(["run", await jobFor(server, dir, "jwt", timeouts), "--json"], { env, cwd: dir }),
      ];
      for (const result of others) expect(result.code, result.stderr).not.toBeNull();
      await expectClean(dir, [run, ...others]);
    }, 120_000);

  it("a dripping body also ends at timeouts.run, with exit 1 and the lock released", async () => {
    const server = await HostileTaxiiServer.start("drip");
    servers.push(server);
    const dir = await mkdtemp(join(tmpdir(), "taxiway-hostile-run-deadline-"));
    const job = await jobFor(server, dir, "basic", "  timeouts: { request: 10m, body: 10m, run: 2s }");
    const run = await taxiway(["run", job], { env, cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/timeouts\.run/);
    await expect(stat(join(dir, "state", "hostile-basic.json.lock"))).rejects.toThrow();
    await expectClean(dir, [run]);
  }, 120_000);

  it("the same-origin redirect is followed with the credentials; nothing is sent to another origin", async () => {
    const server = await HostileTaxiiServer.start("redirect-same-origin");
    servers.push(server);
    const dir = await mkdtemp(join(tmpdir(), "taxiway-hostile-redirect-"));
    const run = await taxiway(["run", await jobFor(server, dir, "basic")], { env, cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const moved = server.requests.filter((r) => r.url.startsWith("/moved/"));
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every((r) => r.headers.authorization?.startsWith("Basic "))).toBe(true);
  }, 60_000);
});

describe("URL credentials are refused with the alternative, and masked", () => {
  it("userinfo and a query string in source.url fail validate and run with exit 2 and the fix", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-url-creds-"));
    for (const url of [
      `https://${USER}:${encodeURIComponent(PASSWORD)}@feed.example/taxii2/`,
      `https://feed.example/taxii2/?apikey=${encodeURIComponent(API_KEY)}`,
    ]) {
      const path = join(dir, "job.yaml");
      await writeFile(
        path,
        `name: url-creds\nsource:\n  type: taxii\n  url: "${url}"\n  collection: c1\nsinks:\n  - type: csv\n    path: ./out/x.csv\n`,
      );
      const validate = await taxiway(["validate", path], { cwd: dir });
      const run = await taxiway(["run", path], { cwd: dir });
      for (const result of [validate, run]) {
        expect(result.code, result.stderr).toBe(2);
        expect(`${result.stdout}${result.stderr}`).toMatch(
          /source\.url: .*(auth: \{ type: basic|auth: \{ type: header)/,
        );
      }
      await expectClean(dir, [validate, run]);
    }
  }, 60_000);
});

describe("checkpoint shapes through the binary", () => {
  for (const [name, text] of <Array<[string, string]>>[
    ["JSON null", "null"],
    [
      "a numeric added_after",
      '{"format":1,"job":"hostile-basic","revision":1,"collections":{"c1":{"added_after":5}},"sinks":{}}',
    ],
  ])
    it(`a checkpoint holding ${name} exits 2 with the fix, not a raw TypeError or a full re-fetch`, async () => {
      const server = await HostileTaxiiServer.start("null-items");
      servers.push(server);
      const dir = await mkdtemp(join(tmpdir(), "taxiway-checkpoint-shape-"));
      const job = await jobFor(server, dir, "basic");
      await mkdir(join(dir, "state"), { recursive: true });
      await writeFile(join(dir, "state", "hostile-basic.json"), text);
      const run = await taxiway(["run", job], { env, cwd: dir });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/does not have the shape taxiway writes.*taxiway state JOB reset/);
      await expect(stat(join(dir, "out", "iocs.csv"))).rejects.toThrow();
      await expectClean(dir, [run]);
    }, 60_000);
});
