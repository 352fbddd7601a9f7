import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ConnectorRegistry,
  defineConnector,
  JobConfigError,
  loadJobFile,
  SecretRegistry,
} from "@taxiway/core";
import { describe, expect, it } from "vitest";

const memorySink = defineConnector<{ index: string; token?: string }>({
  type: "memory",
  version: "1.0.0",
  coreVersion: "^0.1.0",
  configSchema: {
    type: "object",
    additionalProperties: false,
    required: ["index"],
    properties: { index: { type: "string" }, token: { type: "string", "x-secret": true } },
  },
  create: () => {
    throw new Error("not used");
  },
});
const registry = () => new ConnectorRegistry().register(memorySink as never);

async function jobFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "taxiway-config-"));
  const path = join(dir, "job.yaml");
  await writeFile(path, text);
  return path;
}

async function problemsOf(text: string, env: NodeJS.ProcessEnv = {}) {
  const path = await jobFile(text);
  const error = await loadJobFile(path, { env, registry: registry() }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(JobConfigError);
  return (error as JobConfigError).problems.map((p) => `${p.path}: ${p.message} @${p.line}:${p.column}`);
}

const MINIMAL = `name: partner-intel
source:
  type: taxii
  url: https://taxii.example.com/taxii2/
  collection: iocs
  auth: { type: bearer, token: "\${env:TAXII_TOKEN}" }
  page_size: 1000
checkpoint:
  path: ./state/partner-intel.json
sinks:
  - type: csv
    path: ./out/partner-intel.csv
    columns: [type, value, stix_id]
`;

describe("job config", () => {
  it("accepts DESIGN.md's minimal job exactly as written", async () => {
    const path = await jobFile(MINIMAL);
    const secrets = new SecretRegistry();
    const { job, connectors } = await loadJobFile(path, { env: { TAXII_TOKEN: "tok-123456" }, secrets });
    expect(job.source.auth).toEqual({ type: "bearer", token: "tok-123456" });
    expect(connectors.get("csv")?.type).toBe("csv");
    expect(secrets.redact("Bearer tok-123456")).toBe("Bearer [REDACTED]");
  });

  it("reports every problem at once with YAML path, file, line and column", async () => {
    const problems = await problemsOf(`name: x
source:
  type: taxii
  url: https://t.example/taxii2/
  collection: c
  page_sise: 10
sinks:
  - type: memory
    index: ok
  - type: memory
    index: 42
`);
    expect(problems).toContain("source.page_sise: unknown key; did you mean 'page_size'? @6:3");
    expect(problems).toContain("sinks[1].index: must be string @11:12");
    expect(problems).toHaveLength(2);
  });

  it("names a missing environment variable", async () => {
    const problems = await problemsOf(MINIMAL);
    expect(problems[0]).toMatch(/^source\.auth\.token: environment variable TAXII_TOKEN is not set .*@6:/);
  });

  it("names an unknown sink type and lists the known ones", async () => {
    const problems = await problemsOf(`name: x
source: { type: taxii, url: "https://t.example/", collection: c }
sinks:
  - type: splunk-hex
`);
    expect(problems[0]).toMatch(
      /^sinks\[0\]\.type: no connector "splunk-hex": not a bundled type \(csv, elasticsearch, kafka, memory, opensearch, sentinel, splunk-es-intel, splunk-hec, taxii\)/,
    );
  });

  it("rejects a missing required key, a bad duration and a YAML syntax error", async () => {
    const problems = await problemsOf(`name: x
source: { type: taxii, url: "https://t.example/", collection: c, timeouts: { connect: soon } }
sinks: [{ type: memory }]
`);
    expect(problems.some((p) => p.startsWith("sinks[0]: missing required key 'index'"))).toBe(true);
    expect(problems.some((p) => p.startsWith("source.timeouts.connect:"))).toBe(true);
    const syntax = await problemsOf("name: [unclosed\n");
    expect(syntax[0]).toMatch(/^name: YAML syntax error: .+ @2:1$/);
  });

  it("marks x-secret values of sinks as secrets", async () => {
    const path = await jobFile(`name: x
source: { type: taxii, url: "https://t.example/", collection: c }
sinks: [{ type: memory, index: i, token: "sink-secret-value" }]
`);
    const secrets = new SecretRegistry();
    await loadJobFile(path, { env: {}, secrets, registry: registry() });
    expect(secrets.redact("token=sink-secret-value")).toBe("token=[REDACTED]");
  });

  describe("validate says the one true thing (each a fixture of the issue)", () => {
    const BASE = `name: x
source:
  type: taxii
  url: https://t.example/taxii2/
`;

    it("an unset variable in a bearer auth is one problem, not twelve", async () => {
      const problems = await problemsOf(
        `${BASE}  collection: c\n  auth: { type: bearer, token: "\${env:UNSET_TOKEN_X}" }\nsinks: [{ type: memory, index: i }]\n`,
      );
      expect(problems).toEqual([
        expect.stringMatching(/^source\.auth\.token: environment variable UNSET_TOKEN_X is not set/),
      ]);
    });

    it("a misspelt auth type is one problem naming the type meant, not every branch's keys (fresh-eyes: 11 lines)", async () => {
      for (const [written, meant] of [
        ["barer", "bearer"],
        ["Bearer", "bearer"],
      ]) {
        const problems = await problemsOf(
          `${BASE}  collection: c\n  auth: { type: ${written}, token: t }\nsinks: [{ type: memory, index: i }]\n`,
        );
        expect(problems).toEqual([
          expect.stringMatching(
            new RegExp(
              `^source\\.auth\\.type: must be one of "none", "bearer", .+; did you mean '${meant}'\\? @6:`,
            ),
          ),
        ]);
      }
    });

    it("neither collection nor collections is one problem naming both (fresh-eyes: two contradictory lines)", async () => {
      const problems = await problemsOf(`${BASE}sinks: [{ type: memory, index: i }]\n`);
      expect(problems).toEqual([
        expect.stringMatching(/^source: missing required key: one of 'collection', 'collections' @3:/),
      ]);
    });

    it("an auth without a type is one problem: the missing type", async () => {
      const problems = await problemsOf(
        `${BASE}  collection: c\n  auth: { token: t }\nsinks: [{ type: memory, index: i }]\n`,
      );
      expect(problems).toEqual([expect.stringMatching(/^source\.auth: missing required key 'type' @6:/)]);
    });

    it("a variable set but empty is named with the problem it causes (a fresh-eyes session read only 'must NOT have fewer than 1 characters')", async () => {
      const problems = await problemsOf(
        `${BASE}  collection: c\n  auth: { type: bearer, token: "\${env:EMPTY_TOKEN_X}" }\nsinks: [{ type: memory, index: i }]\n`,
        { EMPTY_TOKEN_X: "" },
      );
      expect(problems).toEqual([
        expect.stringMatching(
          /^source\.auth\.token: .+ \(the value is \$\{env:EMPTY_TOKEN_X\}, which is set but empty\) @6:/,
        ),
      ]);
    });

    it("the typo 'pasword' is one problem with the key meant, not a false 'username: unknown key'", async () => {
      const problems = await problemsOf(
        `${BASE}  collection: c\n  auth: { type: basic, username: bob, pasword: x }\nsinks: [{ type: memory, index: i }]\n`,
      );
      expect(problems).toEqual([
        expect.stringMatching(/^source\.auth\.pasword: unknown key; did you mean 'password'\? @6:/),
      ]);
    });

    it("'colection' suggests 'collection' and drops the two missing-key lines of the collection/collections choice", async () => {
      const problems = await problemsOf(`${BASE}  colection: c\nsinks: [{ type: memory, index: i }]\n`);
      expect(problems).toEqual(["source.colection: unknown key; did you mean 'collection'? @5:3"]);
    });

    it("a bad duration is described in words, not as a regular expression", async () => {
      const problems = await problemsOf(
        `${BASE}  collection: c\n  timeouts: { connect: soon }\nsinks: [{ type: memory, index: i }]\n`,
      );
      expect(problems).toEqual([
        "source.timeouts.connect: must be a duration such as 500ms, 30s, 15m, 2h or 30d (or milliseconds) @6:24",
      ]);
    });

    it("problems are sorted by line, and a YAML syntax error has its line and column", async () => {
      const problems = await problemsOf(`name: x
sinks: [{ type: memory, index: 42 }]
source:
  type: taxii
  url: https://t.example/taxii2/
  collection: c
  page_sise: 3
`);
      expect(problems).toEqual([
        "sinks[0].index: must be string @2:32",
        "source.page_sise: unknown key; did you mean 'page_size'? @7:3",
      ]);
      const syntax = await problemsOf("name: x\nsource:\n  type: taxii\n   url: x\n");
      expect(syntax).toHaveLength(1);
      expect(syntax[0]).toMatch(/^source\.type: YAML syntax error: .+ @\d+:\d+$/);
    });
  });
});
