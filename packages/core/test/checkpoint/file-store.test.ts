import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { CheckpointConflictError, FileCheckpointStore, LockedError } from "@taxiway/core";
import { describe, expect, it } from "vitest";

async function store() {
  const dir = await mkdtemp(join(tmpdir(), "taxiway-cp-"));
  return { dir, store: new FileCheckpointStore(join(dir, "state", "job.json")) };
}

describe("file checkpoint store", () => {
  it("commits with compare-and-set on the revision and leaves no temp files", async () => {
    const { dir, store: s } = await store();
    expect(await s.load("job")).toBeUndefined();
    const first = await s.commit(
      "job",
      { collections: { c: { added_after: "2026-01-01T00:00:00Z" } }, sinks: {} },
      0,
    );
    expect(first.revision).toBe(1);
    await expect(s.commit("job", { collections: {}, sinks: {} }, 0)).rejects.toBeInstanceOf(
      CheckpointConflictError,
    );
    expect((await s.load("job"))?.collections.c?.added_after).toBe("2026-01-01T00:00:00Z");
    expect(await readdir(join(dir, "state"))).toEqual(["job.json"]);
  });

  it("refuses a checkpoint of another job and a corrupt file, with what to do", async () => {
    const { store: s } = await store();
    await s.commit("other", { collections: {}, sinks: {} }, 0);
    await expect(s.load("job")).rejects.toThrow(/belongs to job 'other'/);
    await writeFile(s.path, "{torn");
    await expect(s.load("job")).rejects.toThrow(/not valid JSON; fix it or reset it/);
  });

  it("locks: a second run is refused while the first holds it; a dead holder's lock is taken over", async () => {
    const { store: s } = await store();
    const lock = await s.lock("job");
    await expect(s.lock("job")).rejects.toBeInstanceOf(LockedError);
    await expect(s.lock("job")).rejects.toThrow(new RegExp(`pid ${process.pid} on ${hostname()}`));
    await lock.release();
    await writeFile(
      `${s.path}.lock`,
      JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), started_at: "x" }),
    );
    const taken = await s.lock("job");
    expect(JSON.parse(await readFile(`${s.path}.lock`, "utf8")).pid).toBe(process.pid);
    await taken.release();
  });
});

describe("leftovers of a killed process", () => {
  it("a temp file left by a dead writer (kill -9 mid-commit) is removed by the next commit; a live writer's is kept", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-temps-"));
    const path = join(dir, "job.json");
    const dead = `.job.json.${2 ** 22 + 12345}.deadbeef.tmp`;
    const live = `.job.json.${process.ppid}.cafef00d.tmp`;
    await writeFile(join(dir, dead), "{");
    await writeFile(join(dir, live), "{");
    await new FileCheckpointStore(path).commit("job", { collections: {}, sinks: {} }, 0);
    const names = await readdir(dir);
    expect(names).not.toContain(dead);
    expect(names).toContain(live);
  });
});

describe("a torn lock file", () => {
  it.each([
    ["empty", ""],
    ["half-written", '{"pid":12'],
  ])(
    "(%s, a crash between create and write) is taken over: the run goes on (it exited 3)",
    async (_name, content) => {
      const { dir, store: checkpoints } = await store();
      await mkdir(join(dir, "state"), { recursive: true });
      await writeFile(join(dir, "state", "job.json.lock"), content);
      const lock = await checkpoints.lock("job");
      await lock.release();
    },
  );
});

describe("the checkpoint shape knows every cursor field the pager writes", () => {
  it("a cursor with boundary_complete, strategy and seen_generation loads (the shape check refused the pager's own output)", async () => {
    const { store: checkpoints } = await store();
    await checkpoints.commit(
      "job",
      {
        collections: {
          c: {
            added_after: "2026-01-01T00:00:00.000Z",
            boundary_ids: ["indicator--1@2026-01-01T00:00:00.000Z"],
            boundary_complete: true,
            strategy: "seen-index",
            seen_generation: 3,
          },
        },
        sinks: {},
      },
      0,
    );
    expect((await checkpoints.load("job"))?.collections.c?.strategy).toBe("seen-index");
  });
});
