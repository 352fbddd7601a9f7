import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StixObject } from "@taxiway/core";
import { findInstalledPeer, freePort, startPeerProcess } from "@taxiway/testkit/fixtures";

const VERSION = "3.0.0";
export const MEDALLION_USER = { username: "taxiway", password: "medallion-password-1" };

export interface MedallionCollection {
  id: string;
  title: string;
  alias?: string;
  can_read?: boolean;
  can_write?: boolean;
  /** Objects with the date_added medallion will report for each (its manifest). */
  objects?: Array<{ object: StixObject; date_added: string }>;
}

export interface Medallion {
  /** Discovery URL. */
  url: string;
  apiRoot: string;
  stop(): Promise<void>;
}

/** medallion's memory-backend data file: discovery, one API root, the collections with objects and manifest. */
function dataFile(base: string, collections: MedallionCollection[]): unknown {
  return {
    "/discovery": {
      title: "taxiway test peer",
      description: "OASIS medallion started by taxiway's tests",
      default: `${base}/api1/`,
      api_roots: [`${base}/api1/`],
    },
    api1: {
      information: {
        title: "API root 1",
        versions: ["application/taxii+json;version=2.1"],
        max_content_length: 10_485_760,
      },
      status: [],
      collections: collections.map((c) => ({
        id: c.id,
        title: c.title,
        ...(c.alias ? { alias: c.alias } : {}),
        can_read: c.can_read ?? true,
        can_write: c.can_write ?? false,
        media_types: ["application/stix+json;version=2.1"],
        objects: (c.objects ?? []).map((o) => o.object),
        manifest: (c.objects ?? []).map((o) => ({
          id: o.object.id,
          date_added: o.date_added,
          version: o.object.modified ?? o.object.created,
          media_type: "application/stix+json;version=2.1",
        })),
      })),
    },
  };
}

/**
 * OASIS medallion 3.0.0 (installed by test/peers/install.d/medallion.sh) on a free loopback port, serving these
 * collections with basic auth. Returns a skip reason when it is not installed; with CI=true that is an error.
 */
export async function startMedallion(
  collections: MedallionCollection[],
  options: { maxPageSize?: number; nextTimeoutSeconds?: number } = {},
): Promise<Medallion | { skip: string }> {
  const dir = findInstalledPeer(`medallion-${VERSION}`, ".taxiway-installed");
  if (typeof dir !== "string") return dir;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const home = mkdtempSync(join(tmpdir(), "taxiway-medallion-"));
  writeFileSync(join(home, "data.json"), JSON.stringify(dataFile(base, collections)));
  writeFileSync(
    join(home, "config.json"),
    JSON.stringify({
      backend: {
        module: "medallion.backends.memory_backend",
        module_class: "MemoryBackend",
        filename: join(home, "data.json"),
        // How long a `next` token lives (medallion's default: 30 s), and how often it sweeps expired ones.
        session_timeout: options.nextTimeoutSeconds ?? 30,
        check_interval: Math.min(10, options.nextTimeoutSeconds ?? 10),
      },
      users: { [MEDALLION_USER.username]: MEDALLION_USER.password },
      taxii: { max_page_size: options.maxPageSize ?? 100 },
    }),
  );
  const authorization = `Basic ${Buffer.from(`${MEDALLION_USER.username}:${MEDALLION_USER.password}`).toString("base64")}`;
  const peer = await startPeerProcess(
    "medallion",
    join(dir, "bin/medallion"),
    ["--host", "127.0.0.1", "--port", String(port), "--log-level", "WARN", join(home, "config.json")],
    {
      timeoutMs: 30_000,
      intervalMs: 200,
      ready: () =>
        fetch(`${base}/taxii2/`, {
          headers: { authorization, accept: "application/taxii+json;version=2.1" },
        }).then((r) => r.ok),
    },
  );
  return {
    url: `${base}/taxii2/`,
    apiRoot: `${base}/api1/`,
    stop: async () => {
      await peer.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
