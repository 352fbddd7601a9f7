import { chmod, chown, lstat, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  DEMO_FEED_EXPECTED_PATH,
  DEMO_FEED_PATH,
  readBundleFile,
  startTaxiiServer,
  type TaxiiServer,
} from "@taxiway/testkit/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildah, buildahUnavailable, type ContainerRun, runInContainer } from "../support/buildah.js";
import { listLayer, type OciArchiveImage, readOciArchive } from "../support/oci-archive.js";
import { runProcess } from "./binary.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const ARCHIVE = join(REPO, "dist/taxiway-image.oci.tar");
const BUILD_SCRIPT = join(REPO, "scripts/image/build.sh");
const IMAGE_UID = 10001;
const TOKEN = "image-test-token";

const unavailable = buildahUnavailable();
if (unavailable && process.env.CI) throw new Error(`the image test cannot run under CI: ${unavailable}`);
if (unavailable) console.warn(`skipping the image test: ${unavailable}`);

/** The size budget scripts/image/build.sh enforces (its default, in MiB). */
async function budgetMiB(): Promise<number> {
  const script = await readFile(BUILD_SCRIPT, "utf8");
  const match = /TAXIWAY_IMAGE_BUDGET_MIB:-(\d+)/.exec(script);
  if (!match) throw new Error("scripts/image/build.sh names no TAXIWAY_IMAGE_BUDGET_MIB default");
  return Number(match[1]);
}

/** What may be in the image: Node, its libraries, CA bundle, users, the app, the empty mount points. */
const ALLOWED_PATHS = [
  /^usr\/local\/bin\/(node|taxiway)$/,
  /^usr\/local\/lib\/node_modules\/taxiway\/(package\.json|configs\/demo\.yaml|packages\/fixtures\/demo-feed\.json|packages\/cli\/package\.json|packages\/cli\/dist\/taxiway(-[a-z0-9-]+-[A-Z0-9]+|-source-worker)?\.mjs(\.LEGAL\.txt)?|packages\/cli\/dist\/native\.wasm)$/,
  /^usr\/lib\/x86_64-linux-gnu\/lib(c|m|dl|pthread|stdc\+\+|gcc_s)\.so\.\d+$/,
  /^usr\/lib64\/ld-linux-x86-64\.so\.2$/,
  /^(lib|lib64)$/,
  /^etc\/(passwd|group|nsswitch\.conf|ssl\/certs\/ca-certificates\.crt)$/,
  /^etc\/taxiway\/jobs$/,
  /^(data|tmp)$/,
];

/** Mount points `buildah run` itself adds to a working container; not written by taxiway. */
const RUNTIME_MOUNT_POINTS = new Set([
  "dev",
  "proc",
  "sys",
  "run",
  "etc/hosts",
  "etc/hostname",
  "etc/resolv.conf",
]);

/**
 * Every path under ROOT: files with mode, size, mtime and owner; folders with mode and owner (their entries are
 * listed, and buildah run adds its mount points to /etc and /). A write anywhere changes the snapshot.
 */
async function snapshot(root: string, relative = ""): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  for (const name of await readdir(join(root, relative))) {
    const path = relative ? `${relative}/${name}` : name;
    if (RUNTIME_MOUNT_POINTS.has(path)) continue;
    const stat = await lstat(join(root, path));
    const content = stat.isDirectory() ? "folder" : `${stat.size} ${stat.mtimeMs}`;
    entries.set(path, `${stat.mode.toString(8)} ${stat.uid} ${content}`);
    if (stat.isDirectory())
      for (const [child, value] of await snapshot(root, path)) entries.set(child, value);
  }
  return entries;
}

/** A host folder the image's user may write, to mount at /data. */
async function dataVolume(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "taxiway-image-data-"));
  await chown(dir, IMAGE_UID, IMAGE_UID);
  return dir;
}

/**
 * A job for the host's fixture feed, as a mounted config file would hold it. Every path it writes is absolute under
 * /data: relative ones resolve beside the job file, in the read-only config mount.
 */
function jobYaml(feedUrl: string): string {
  return [
    "name: partner-feed",
    "source:",
    "  type: taxii",
    `  url: ${feedUrl}`,
    "  collection: demo",
    `  auth: { type: bearer, token: "$\{env:TAXII_TOKEN}" }`, // "$\{" is a literal "${" here
    "checkpoint:",
    "  path: /data/state/partner-feed.json",
    "dead_letter:",
    "  path: /data/state/partner-feed.dead-letter.ndjson",
    "sinks:",
    "  - type: csv",
    "    path: /data/out/partner-feed.csv",
    "    columns: [type, value, stix_id]",
    "",
  ].join("\n");
}

describe.skipIf(unavailable !== undefined)("the OCI image (pnpm image → dist/taxiway-image.oci.tar)", () => {
  let image: OciArchiveImage;
  let container: string;
  let rootfs: string;
  let baseline: Map<string, string>;
  let feed: TaxiiServer;
  let jobs: string;
  const run = (command: string[], options?: ContainerRun) => runInContainer(container, command, options);

  beforeAll(async () => {
    // `pnpm image` is the workspace build (done by `pnpm test`), the standalone package, then the image script.
    const packaged = await runProcess(process.execPath, [join(REPO, "scripts/package.mjs")], { cwd: REPO });
    expect(packaged.code, packaged.stderr).toBe(0);
    const built = await runProcess("bash", [BUILD_SCRIPT], { cwd: REPO });
    expect(built.code, built.stderr).toBe(0);
    image = await readOciArchive(ARCHIVE);

    const from = await buildah(["from", "--quiet", "--pull=always", `oci-archive:${ARCHIVE}`]);
    expect(from.code, from.stderr).toBe(0);
    container = from.stdout.trim();
    const mounted = await buildah(["mount", container]);
    expect(mounted.code, mounted.stderr).toBe(0);
    rootfs = mounted.stdout.trim();
    baseline = await snapshot(rootfs);

    feed = await startTaxiiServer({
      collections: [
        { id: "demo", title: "demo", alias: "demo", objects: await readBundleFile(DEMO_FEED_PATH) },
      ],
      auth: { type: "bearer", token: TOKEN },
    });
    jobs = await mkdtemp(join(tmpdir(), "taxiway-image-jobs-"));
    await chmod(jobs, 0o755);
    await writeFile(join(jobs, "partner-feed.yaml"), jobYaml(feed.url), { mode: 0o644 });
  }, 600_000);

  afterAll(async () => {
    await feed?.close();
    if (container) {
      const inspected = await buildah(["inspect", "--format", "{{.FromImageID}}", container]);
      await buildah(["umount", container]);
      await buildah(["rm", container]);
      // The image pulled from the archive goes too, and any left untagged by an earlier pull: buildah's storage
      // holds no stale copy between runs.
      if (inspected.code === 0) await buildah(["rmi", inspected.stdout.trim()]);
      await buildah(["rmi", "--prune"]);
    }
  });

  it("starts `taxiway` with `serve /etc/taxiway/jobs` by default, as a numeric non-root user, with OCI labels", async () => {
    const { config } = image.config;
    expect(image.refName).toMatch(/^taxiway:\d+\.\d+\.\d+$/);
    expect([image.config.os, image.config.architecture]).toEqual(["linux", "amd64"]);
    expect(config.Entrypoint).toEqual(["taxiway"]);
    expect(config.Cmd).toEqual(["serve", "/etc/taxiway/jobs"]);
    expect(config.User).toBe(`${IMAGE_UID}:${IMAGE_UID}`);
    expect(config.WorkingDir).toBe("/data");
    // No VOLUME: buildah run would hide a bind mount behind an anonymous volume; /data is mounted explicitly.
    expect(config.Volumes).toBeUndefined();
    const cli = JSON.parse(await readFile(join(REPO, "packages/cli/package.json"), "utf8"));
    expect(config.Labels).toMatchObject({
      "org.opencontainers.image.title": "taxiway",
      "org.opencontainers.image.version": cli.version,
      "org.opencontainers.image.licenses": cli.license,
    });
    expect(config.Labels?.["org.opencontainers.image.revision"]).toMatch(/^[0-9a-f]{40}$/);
    const passwd = await readFile(join(rootfs, "etc/passwd"), "utf8");
    expect(passwd).toContain(`taxiway:x:${IMAGE_UID}:${IMAGE_UID}:`);
  });

  it("fits its size budget, uncompressed, in one layer", async () => {
    const bytes = image.layers.reduce((sum, layer) => sum + layer.uncompressedBytes, 0);
    expect(image.layers).toHaveLength(1);
    expect(bytes / 1024 / 1024).toBeLessThanOrEqual(await budgetMiB());
  });

  it("holds Node, exactly the libraries it loads, the CA bundle, the users and the bundle: no npm, corepack, headers or docs", async () => {
    const paths = (await Promise.all(image.layers.map((layer) => listLayer(ARCHIVE, layer)))).flat();
    const files = paths.filter((path) => !paths.some((other) => other.startsWith(`${path}/`)));
    const unexpected = files.filter((path) => !ALLOWED_PATHS.some((pattern) => pattern.test(path)));
    expect(unexpected).toEqual([]);
    expect(paths.filter((path) => /npm|corepack|include|share\/doc|\.h$|\.md$/.test(path))).toEqual([]);
    const ldd = await runProcess("ldd", [join(rootfs, "usr/local/bin/node")]);
    const needed = [...ldd.stdout.matchAll(/^\s*(\S+\.so\S*) (?:=>|\()/gm)]
      .map((match) => (match[1] as string).split("/").at(-1))
      .filter((name) => name !== "linux-vdso.so.1");
    const shipped = files.filter((path) => /\.so\.\d+$/.test(path)).map((path) => path.split("/").at(-1));
    expect(shipped.sort()).toEqual(needed.sort());
  });

  it("answers --version as the image's user (uid 10001), trusting the CA bundle", async () => {
    const version = await run(["taxiway", "--version"]);
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout).toMatch(/^taxiway \d+\.\d+\.\d+ \(core \d+\.\d+\.\d+, node 24\./);
    const identity = await run([
      "node",
      "-e",
      "console.log(JSON.stringify({ uid: process.getuid(), gid: process.getgid(), cas: require('node:tls').getCACertificates('system').length }))",
    ]);
    expect(identity.code, identity.stderr).toBe(0);
    const { uid, gid, cas } = JSON.parse(identity.stdout);
    expect({ uid, gid }).toEqual({ uid: IMAGE_UID, gid: IMAGE_UID });
    expect(cas).toBeGreaterThan(50);
  });

  it("runs the demo, writing only under the /data volume", async () => {
    const data = await dataVolume();
    const demo = await run(["taxiway", "demo", "--json", "--log-level", "warn"], {
      volumes: [`${data}:/data`],
    });
    expect(demo.code, demo.stderr).toBe(0);
    const expected = JSON.parse(await readFile(DEMO_FEED_EXPECTED_PATH, "utf8"));
    expect(JSON.parse(demo.stdout).iocs).toBe(expected.iocs);
    const rows = (await readFile(join(data, "taxiway-demo/out/demo.csv"), "utf8")).trimEnd().split("\n");
    expect(rows.length - 1).toBe(expected.iocs);
  });

  it("runs a real job: config from a read-only mount, token from the environment, the feed on the host's loopback", async () => {
    const data = await dataVolume();
    const options: ContainerRun = {
      env: { TAXII_TOKEN: TOKEN },
      volumes: [`${data}:/data`, `${jobs}:/etc/taxiway/jobs:ro`],
    };
    const validate = await run(["taxiway", "validate", "/etc/taxiway/jobs/partner-feed.yaml"], options);
    expect(validate.code, validate.stderr).toBe(0);

    const first = await run(["taxiway", "run", "/etc/taxiway/jobs/partner-feed.yaml", "--json"], options);
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout);
    const expected = JSON.parse(await readFile(DEMO_FEED_EXPECTED_PATH, "utf8"));
    expect(summary.iocs).toBe(expected.iocs);
    const rows = (await readFile(join(data, "out/partner-feed.csv"), "utf8")).trimEnd().split("\n");
    expect(rows.length - 1).toBe(expected.iocs);
    const checkpoint = JSON.parse(await readFile(join(data, "state/partner-feed.json"), "utf8"));
    expect(JSON.stringify(checkpoint)).toContain("demo");

    const second = await run(["taxiway", "run", "/etc/taxiway/jobs/partner-feed.yaml", "--json"], options);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).iocs).toBe(0);

    const denied = await run(["taxiway", "run", "/etc/taxiway/jobs/partner-feed.yaml"], {
      ...options,
      env: { TAXII_TOKEN: "wrong" },
    });
    expect(denied.code).toBe(2);
    expect(denied.stderr).not.toContain(TOKEN);
  });

  it("leaves the root filesystem as built (read-only friendly): nothing written outside /data, not even /tmp", async () => {
    // Runs after the commands above (vitest keeps file order).
    const after = await snapshot(rootfs);
    const changed = [...new Set([...baseline.keys(), ...after.keys()])].filter(
      (path) => baseline.get(path) !== after.get(path),
    );
    expect(changed).toEqual([]);
  });
});
