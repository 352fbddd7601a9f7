import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connector as taxiiSink } from "@taxiway/connector-taxii";
import {
  type ConnectorDescriptor,
  FileCheckpointStore,
  type JobConfig,
  objectKey,
  runJob,
  type StixObject,
  type TaxiiSourceConfig,
  taxiiSource,
} from "@taxiway/core";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, taxiway } from "../e2e/binary.js";
import { memoryLogger } from "../support/logger.js";
import { MEDALLION_USER, type Medallion, startMedallion } from "../support/medallion.js";
import { ipv4Indicators } from "../support/objects.js";
import { pollOnce } from "../support/poll.js";

const IDENTITY: StixObject = {
  type: "identity",
  spec_version: "2.1",
  id: "identity--7a1f6e3c-2b4d-4c55-9e1a-3f0c8b2d6a11",
  created: "2026-01-01T00:00:00.000Z",
  modified: "2026-01-01T00:00:00.000Z",
  name: "taxiway test producer",
  identity_class: "organization",
};
const TLP_GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
const MARKING: StixObject = {
  type: "marking-definition",
  spec_version: "2.1",
  id: TLP_GREEN,
  created: "2017-01-20T00:00:00.000Z",
  definition_type: "tlp",
  name: "TLP:GREEN",
  definition: { tlp: "green" },
};
const INDICATORS = ipv4Indicators(60).map((o) => ({
  ...o,
  created_by_ref: IDENTITY.id,
  object_marking_refs: [TLP_GREEN],
}));
const FEED = [IDENTITY, MARKING, ...INDICATORS];
const dateAdded = (i: number) =>
  new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString().replace(".000Z", ".000000Z");

const started = await startMedallion(
  [
    {
      id: "0b7e3d2a-5c1f-4e8a-9d6b-2a4c6e8f0a1b",
      title: "Source",
      alias: "collection-a",
      objects: FEED.map((object, i) => ({ object, date_added: dateAdded(i) })),
    },
    { id: "1c8f4e3b-6d2a-4f9b-8e7c-3b5d7f9a1b2c", title: "Relay", alias: "collection-b", can_write: true },
    { id: "2d9a5f4c-7e3b-4a0c-9f8d-4c6e8a0b2c3d", title: "Pushed", alias: "collection-c", can_write: true },
    { id: "3e0b6a5d-8f4c-4b1d-8a9e-5d7f9b1c3d4e", title: "Killed", alias: "collection-d", can_write: true },
  ],
  { maxPageSize: 25 },
);
const skip = "skip" in started ? started.skip : undefined;
const peer = started as Medallion;
const dirs: string[] = [];
afterAll(async () => {
  if (!skip) await peer.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
const auth = { type: "basic" as const, ...MEDALLION_USER };
const { logger } = memoryLogger("silent");

async function relay(dir: string, options: { ignoreCheckpoint?: boolean } = {}) {
  const source: TaxiiSourceConfig = {
    type: "taxii",
    url: peer.url,
    collection: "collection-a",
    auth,
    page_size: 20,
  };
  const job: JobConfig = {
    name: "relay",
    source,
    sinks: [{ type: "taxii", url: peer.url, collection: "collection-b", auth, max_objects_per_request: 25 }],
  };
  const opened = await taxiiSource.open(source, { job: "relay", logger, baseDir: dir });
  try {
    return await runJob({
      job,
      baseDir: dir,
      sources: opened.sources,
      connectors: new Map([["taxii", taxiiSink as unknown as ConnectorDescriptor]]),
      store: new FileCheckpointStore(join(dir, "relay.json")),
      logger,
      sweep: false,
      ...options,
    });
  } finally {
    await opened.close();
  }
}

async function readCollection(collection: string): Promise<StixObject[]> {
  const read = await pollOnce({
    type: "taxii",
    url: peer.url,
    collection,
    auth,
    page_size: 25,
  });
  return read.pages.flatMap((page) => page.objects);
}

describe.skipIf(skip !== undefined)("TAXII sink against OASIS medallion 3.0.0", () => {
  it("taxii → taxii: every indicator lands in collection B unchanged, with its identity and marking, in POSTs under the page cap", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-taxii-sink-"));
    dirs.push(dir);
    const summary = await relay(dir);
    expect(summary.status).toBe("ok");
    expect(summary.sinks["taxii-0"]?.delivered ?? Object.values(summary.sinks)[0]?.delivered).toBe(60);
    const landed = await readCollection("collection-b");
    const byKey = new Map(landed.map((object) => [objectKey(object), object]));
    for (const object of FEED) expect(byKey.get(objectKey(object)), objectKey(object)).toEqual(object);
    expect(landed).toHaveLength(FEED.length);

    // A replay of the same versions (run --reset) is harmless: one version per id and modified.
    const again = await relay(dir, { ignoreCheckpoint: true });
    expect(again.status).toBe("ok");
    const after = await readCollection("collection-b");
    expect(after.map(objectKey).sort()).toEqual(landed.map(objectKey).sort());
  });

  it("taxiway push loads a bundle file into a collection, and a TAXII job reads it back unchanged", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-push-"));
    dirs.push(dir);
    await writeFile(
      join(dir, "intel.json"),
      JSON.stringify({ type: "bundle", id: "bundle--8e1b7c2d-3f4a-4b5c-9d6e-7f8a9b0c1d2e", objects: FEED }),
    );
    const args = [
      "push",
      "intel.json",
      "--to",
      peer.url,
      "--collection",
      "collection-c",
      "--user",
      auth.username,
      "--password-env",
      "PUSH_PASSWORD",
    ];
    const pushed = await taxiway(args, { cwd: dir, env: { PUSH_PASSWORD: auth.password } });
    expect(pushed.stderr).toBe("");
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toContain("60");
    const landed = await readCollection("collection-c");
    const byKey = new Map(landed.map((object) => [objectKey(object), object]));
    for (const object of FEED) expect(byKey.get(objectKey(object)), objectKey(object)).toEqual(object);
    expect(landed).toHaveLength(FEED.length);
    // Pushing the same bundle again changes nothing and is not a failure.
    const again = await taxiway(args, { cwd: dir, env: { PUSH_PASSWORD: auth.password } });
    expect(again.code).toBe(0);
    expect((await readCollection("collection-c")).length).toBe(FEED.length);
  });

  it("taxii → taxii with kill -9 at seeded moments and restarts: every object version lands in B exactly once", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-taxii-kill-"));
    dirs.push(dir);
    const path = join(dir, "relay.yaml");
    const auth = `{ type: basic, username: ${MEDALLION_USER.username}, password: "\${env:RELAY_PASSWORD}" }`;
    await writeFile(
      path,
      `name: relay\nsource: { type: taxii, url: "${peer.url}", collection: collection-a, page_size: 4, auth: ${auth} }\nlogging: { level: warn }\nsinks:\n  - { type: taxii, url: "${peer.url}", collection: collection-d, max_objects_per_request: 25, auth: ${auth} }\n`,
    );
    const env = { ...process.env, RELAY_PASSWORD: MEDALLION_USER.password };
    let state = 2026;
    const random = () => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return state / 0x7fffffff;
    };
    let midRun = 0;
    for (let kill = 0; kill < 6; kill++) {
      const exit = await new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [BIN, "run", path], { stdio: "ignore", env });
        const timer = setTimeout(() => child.kill("SIGKILL"), 300 + Math.floor(random() * 900));
        child.on("exit", (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
      if (exit === null) midRun++;
    }
    const final = await taxiway(["run", path, "--json"], {
      env: { RELAY_PASSWORD: MEDALLION_USER.password },
    });
    expect(final.code, final.stderr).toBe(0);
    const landed = await readCollection("collection-d");
    const keys = landed.map(objectKey);
    expect(keys.length).toBe(new Set(keys).size);
    expect(keys.sort()).toEqual(FEED.map(objectKey).sort());
    // Killed runs are the point: at least one kill must have landed before its run ended.
    expect(midRun).toBeGreaterThan(0);
  }, 180_000);
});
