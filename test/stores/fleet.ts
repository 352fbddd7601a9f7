import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTaxiiServer } from "@taxiway/testkit/fixtures";
import { BIN, taxiway } from "../e2e/binary.js";
import { ipv4Indicators } from "../support/objects.js";

export interface FleetStore {
  /** The `checkpoint:` block of the job (YAML flow mapping). */
  checkpointYaml: string;
  /** The committed revisions of the job, oldest first, with their committer. */
  history(job: string): Promise<Array<{ revision: number; owner: string | null }>>;
  /** The current lease owner (`host:pid:random`), if any. */
  holder(job: string): Promise<string | undefined>;
}

export interface FleetOutcome {
  kills: number;
  /** How many of the kills hit the lease holder. */
  holderKills: number;
  runs: number;
  lockedExits: number;
  rows: string[];
  expectedIds: string[];
  history: Array<{ revision: number; owner: string | null }>;
  finalExit: number | null;
  finalStderr: string;
}

function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The fleet proof: `workers` loops, each running the real `taxiway run` binary again and again on one job and one
 * shared store, while a killer sends SIGKILL: after every few commits (a seeded count, read from the store's
 * history: progress, not time) to the lease holder, or to a random worker. After `kills` kills the loops stop, and
 * one final run finishes the job. The caller checks the CSV (exactly once) and the history (no interleaving).
 */
export async function runFleet(
  store: FleetStore,
  options: { job: string; seed: number; kills: number; workers?: number; objects?: number },
): Promise<FleetOutcome> {
  // Pages of 10: a run of the whole feed is a hundred commits, so kills land in the middle of runs.
  const objects = ipv4Indicators(options.objects ?? 1000);
  const server = await startTaxiiServer({ collections: [{ id: "c1", title: "Fleet", objects }] });
  const dir = await mkdtemp(join(tmpdir(), `taxiway-fleet-${options.job}-`));
  const path = join(dir, "job.yaml");
  await writeFile(
    path,
    `name: ${options.job}
source: { type: taxii, url: "${server.url}", collection: c1, page_size: 10 }
checkpoint: ${store.checkpointYaml}
delivery: { prefetch: 1 }
sinks:
  - { type: csv, id: out, path: ./out/fleet.csv, columns: [type, value, stix_id], line_ending: lf }
`,
  );
  const random = seeded(options.seed);
  const running = new Set<ChildProcess>();
  let stop = false;
  let runs = 0;
  let lockedExits = 0;
  const worker = async () => {
    while (!stop) {
      const child = spawn(process.execPath, [BIN, "run", path, "--log-level", "error"], {
        stdio: "ignore",
        cwd: dir,
      });
      running.add(child);
      const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
      running.delete(child);
      runs++;
      if (code === 3) {
        lockedExits++;
        await sleep(100);
      }
    }
  };
  const loops = Array.from({ length: options.workers ?? 3 }, () => worker());
  let kills = 0;
  let holderKills = 0;
  try {
    let next = (await store.history(options.job)).length + 2 + Math.floor(random() * 5);
    while (kills < options.kills) {
      await sleep(50);
      if ((await store.history(options.job)).length < next) continue;
      const owner = await store.holder(options.job);
      const pid = owner ? Number(owner.split(":").at(-2)) : undefined;
      const children = [...running];
      const victim =
        children.find((child) => child.pid === pid && random() < 0.8) ??
        children[Math.floor(random() * children.length)];
      if (!victim) continue;
      if (victim.pid === pid) holderKills++;
      victim.kill("SIGKILL");
      kills++;
      next = (await store.history(options.job)).length + 1 + Math.floor(random() * 6);
    }
  } finally {
    stop = true;
    await Promise.all(loops);
  }
  // The last holder may have been killed: the final run waits out its lease (exit 3 until it expires).
  let final = await taxiway(["run", path], { cwd: dir });
  while (final.code === 3) {
    await sleep(200);
    final = await taxiway(["run", path], { cwd: dir });
  }
  await server.close();
  const rows = (await readFile(join(dir, "out/fleet.csv"), "utf8")).trimEnd().split("\n").slice(1);
  return {
    kills,
    holderKills,
    runs,
    lockedExits,
    rows,
    expectedIds: objects.map((object) => object.id),
    history: await store.history(options.job),
    finalExit: final.code,
    finalStderr: final.stderr,
  };
}

/** Owners whose commits are not one contiguous run of revisions (another worker committed in between). */
export function interleavedOwners(history: Array<{ revision: number; owner: string | null }>): string[] {
  const lastIndex = new Map<string, number>();
  const broken = new Set<string>();
  history.forEach((entry, index) => {
    const owner = entry.owner ?? "(none)";
    const last = lastIndex.get(owner);
    if (last !== undefined && last !== index - 1) broken.add(owner);
    lastIndex.set(owner, index);
  });
  return [...broken];
}

/** Stix ids found other than exactly once in the CSV rows (`type,value,stix_id`), and the expected ones missing. */
export function deliveryErrors(
  rows: string[],
  expectedIds: string[],
): { duplicated: string[]; missing: string[] } {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const id = row.split(",")[2] as string;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return {
    duplicated: [...counts].filter(([, n]) => n > 1).map(([id]) => id),
    missing: expectedIds.filter((id) => !counts.has(id)),
  };
}
