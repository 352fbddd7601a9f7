import { type ServerQuirks, startTaxiiServer, type TaxiiServer } from "@taxiway/testkit/fixtures";
import { afterEach, describe, expect, it } from "vitest";
import { ipv4Indicators } from "../support/objects.js";
import { taxiway } from "./binary.js";

const TOKEN = "doctor-bearer-token-0123456789";
let server: TaxiiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(quirks: ServerQuirks = {}, maxPageSize = 1000) {
  server = await startTaxiiServer({
    collections: [
      { id: "c1", title: "Indicators", alias: "iocs", objects: ipv4Indicators(30) },
      { id: "c2", title: "Private", canRead: false, objects: [] },
    ],
    auth: { type: "bearer", token: TOKEN },
    quirks,
    maxPageSize,
  });
  return server;
}

describe("taxiway discover", () => {
  it("lists API roots and collections with access, and never prints the token", async () => {
    const fixture = await serve();
    const result = await taxiway(["discover", fixture.url, "--token-env", "FEED_TOKEN"], {
      env: { FEED_TOKEN: TOKEN },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/c1\s+iocs\s+Indicators\s+r-/);
    expect(result.stdout).toMatch(/c2\s+Private\s+--/);
    expect(`${result.stdout}${result.stderr}`).not.toContain(TOKEN);
    const json = await taxiway(["discover", fixture.url, "--token-env", "FEED_TOKEN", "--json"], {
      env: { FEED_TOKEN: TOKEN },
    });
    const parsed = JSON.parse(json.stdout) as { api_roots: Array<{ collections: Array<{ id: string }> }> };
    expect(parsed.api_roots[0]?.collections.map((c) => c.id)).toEqual(["c1", "c2"]);
  });

  it("--collection shows only that collection (by id, alias or title); an unknown one exits 2 listing what is there", async () => {
    const fixture = await serve();
    const env = { FEED_TOKEN: TOKEN };
    for (const wanted of ["c1", "iocs", "indicators"]) {
      const result = await taxiway(
        ["discover", fixture.url, "--token-env", "FEED_TOKEN", "--collection", wanted, "--json"],
        { env },
      );
      expect(result.code, result.stderr).toBe(0);
      const parsed = JSON.parse(result.stdout) as {
        api_roots: Array<{ collections: Array<{ id: string }> }>;
      };
      expect(parsed.api_roots[0]?.collections.map((c) => c.id)).toEqual(["c1"]);
    }
    const missing = await taxiway(
      ["discover", fixture.url, "--token-env", "FEED_TOKEN", "--collection", "nope"],
      {
        env,
      },
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /no collection 'nope' \(id, alias or title\).*Available: c1 \(Indicators, alias iocs\)/,
    );
  });

  it("without credentials: exit 2 and the actionable 401 message; a secret on argv is refused as a usage error", async () => {
    const fixture = await serve();
    const result = await taxiway(["discover", fixture.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/401/);
    const missing = await taxiway(["discover", fixture.url, "--token-env", "NOT_SET_ANYWHERE"]);
    expect(missing.code).toBe(64);
    expect(missing.stderr).toContain("NOT_SET_ANYWHERE is not set");
  });
});

describe("taxiway doctor", () => {
  it("a well-behaved server: every check ok, and the suggested source", async () => {
    const fixture = await serve({}, 10);
    const result = await taxiway(["doctor", fixture.url, "--token-env", "T"], { env: { T: TOKEN } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/ok\s+limit\s+limit honored/);
    expect(result.stdout).toMatch(/ok\s+next\s+next tokens page on/);
    expect(result.stdout).toMatch(/ok\s+added_after\s+added_after honored/);
    expect(result.stdout).toMatch(/limit=1000 is capped to 10 per page/);
    expect(result.stdout).toMatch(/pagination: auto/);
  });

  it("names each quirk: limit ignored, bundle envelope, more without next, header timestamps", async () => {
    const fixture = await serve({ ignoreLimit: true, bundleEnvelope: true, moreWithoutNext: true });
    const ignoring = await taxiway(["doctor", fixture.url, "--token-env", "T", "--json"], {
      env: { T: TOKEN },
    });
    const report = JSON.parse(ignoring.stdout) as {
      findings: Array<{ check: string; verdict: string; detail: string }>;
    };
    const byCheck = Object.fromEntries(report.findings.map((f) => [f.check, f]));
    expect(byCheck.envelope?.detail).toContain("a STIX bundle");
    expect(byCheck.limit).toMatchObject({
      verdict: "warn",
      detail: expect.stringContaining("ignores limit"),
    });
    expect(ignoring.code).toBe(1);
    await fixture.close();
    const paged = await serve({ moreWithoutNext: true, headerTimestamps: "seconds" }, 2);
    const noNext = await taxiway(["doctor", paged.url, "--token-env", "T"], { env: { T: TOKEN } });
    expect(noNext.stdout).toMatch(/warn\s+next\s+more: true without a next token/);
    expect(noNext.stdout).toMatch(/no sub-seconds, Z/);
    expect(noNext.stdout).toMatch(/pagination: header/);
  });
});
