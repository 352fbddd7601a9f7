import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ConnectorRegistry,
  defineConnector,
  FileCheckpointStore,
  JobConfigError,
  loadJobFile,
  maskedUrl,
  openCheckpointStore,
  PostgresCheckpointStore,
  SearchCheckpointStore,
  SecretRegistry,
} from "@taxiway/core";
import { describe, expect, it } from "vitest";

const csvLike = defineConnector<{ path: string }>({
  type: "csv",
  version: "1.0.0",
  coreVersion: "^0.1.0",
  configSchema: { type: "object", properties: { path: { type: "string" } } },
  create: () => {
    throw new Error("not used");
  },
});

async function load(checkpoint: string) {
  const dir = await mkdtemp(join(tmpdir(), "taxiway-store-config-"));
  const path = join(dir, "job.yaml");
  await writeFile(
    path,
    `name: j
source: { type: taxii, url: "https://taxii.example.com/taxii2/", collection: c }
checkpoint: ${checkpoint}
sinks: [{ type: csv, path: ./out.csv }]
`,
  );
  return loadJobFile(path, { env: {}, registry: new ConnectorRegistry().register(csvLike as never) });
}

async function problems(checkpoint: string): Promise<string[]> {
  const error = await load(checkpoint).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(JobConfigError);
  return (error as JobConfigError).problems.map((problem) => `${problem.path}: ${problem.message}`);
}

describe("checkpoint.type", () => {
  it("file stays the default; postgres, elasticsearch and opensearch open their stores with the lease TTL", async () => {
    const file = await load("{ path: ./state/x.json }");
    expect(openCheckpointStore(file.job.checkpoint, { baseDir: file.baseDir, job: "j" })).toBeInstanceOf(
      FileCheckpointStore,
    );
    const pg = await load(
      '{ type: postgres, url: "postgresql://u:pw-secret-1@db:5432/taxiway", lease_ttl: 2s }',
    );
    const store = openCheckpointStore(pg.job.checkpoint, { baseDir: pg.baseDir, job: "j" });
    expect(store).toBeInstanceOf(PostgresCheckpointStore);
    expect((store as PostgresCheckpointStore).leaseTtlMs).toBe(2000);
    await store.close?.();
    for (const type of ["elasticsearch", "opensearch"]) {
      const search = await load(
        `{ type: ${type}, url: "https://es:9200", index: tw-state, auth: { username: u, password: p4ssword } }`,
      );
      const opened = openCheckpointStore(search.job.checkpoint, { baseDir: search.baseDir, job: "j" });
      expect(opened).toBeInstanceOf(SearchCheckpointStore);
      expect(opened.location).toBe("https://es:9200/ index tw-state");
      await opened.close?.();
    }
  });

  it("refuses a shared store without url, a file store with url, index or auth on postgres, and a lease TTL under 1s", async () => {
    expect((await problems("{ type: postgres }")).join("\n")).toMatch(/checkpoint.*url/);
    expect((await problems('{ url: "postgresql://db/x" }')).length).toBeGreaterThan(0);
    expect((await problems('{ type: postgres, url: "postgresql://db/x", index: x }')).length).toBeGreaterThan(
      0,
    );
    expect((await problems('{ type: mysql, url: "mysql://db/x" }')).join("\n")).toMatch(/checkpoint/);
    const short = await load('{ type: postgres, url: "postgresql://db/x", lease_ttl: 200ms }');
    expect(() => openCheckpointStore(short.job.checkpoint, { baseDir: short.baseDir, job: "j" })).toThrow(
      /lease_ttl: give a duration of at least 1s/,
    );
  });
});

describe("maskedUrl", () => {
  it("masks the password of the user-info and of password= parameters, and registers it as a secret", () => {
    expect(maskedUrl("postgresql://taxiway:s3cret-pw@db.example:5432/state?sslmode=require")).toBe(
      "postgresql://taxiway:***@db.example:5432/state?sslmode=require",
    );
    expect(maskedUrl("postgresql://db.example/state?user=u&password=pa55-word")).toBe(
      "postgresql://db.example/state?user=u&password=***",
    );
    expect(maskedUrl("postgresql://u:p%40ss-word@db/x")).toBe("postgresql://u:***@db/x");
    expect(SecretRegistry.process.redact("s3cret-pw pa55-word p@ss-word")).not.toMatch(/s3cret|pa55|p@ss/);
    expect(maskedUrl("not a url")).toBe("(an unparsable URL)");
  });
});
