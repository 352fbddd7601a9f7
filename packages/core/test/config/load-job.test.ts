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
    expect(problems).toContain(
      "source.page_sise: unknown key (check the spelling; see `taxiway schema`) @6:3",
    );
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
      /^sinks\[0\]\.type: no connector "splunk-hex": not a bundled type \(csv, elasticsearch, memory, opensearch, splunk-es-intel, splunk-hec\)/,
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
    expect(syntax[0]).toMatch(/^: YAML: /);
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
});
