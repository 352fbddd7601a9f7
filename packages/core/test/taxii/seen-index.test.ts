import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemorySeenIndex, type SeenIndex, SqliteSeenIndex } from "@taxiway/core";
import { afterEach, describe, expect, it } from "vitest";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function sqlitePath(): string {
  const dir = mkdtempSync(join(tmpdir(), "taxiway-seen-"));
  dirs.push(dir);
  return join(dir, "job.seen.sqlite");
}

describe.each([
  ["SqliteSeenIndex", (path: string, collection: string): SeenIndex => new SqliteSeenIndex(path, collection)],
  ["MemorySeenIndex", (): SeenIndex => new MemorySeenIndex()],
])("%s", (_name, open) => {
  it("knows what was added, rolls back generations that never committed, and keeps the rest", async () => {
    const index = open(sqlitePath(), "c1");
    await index.add(["a@1", "b@1"], 1);
    await index.add(["c@1"], 2);
    await index.add(["d@1", "a@1"], 3);
    expect([...(await index.known(["a@1", "b@1", "c@1", "d@1", "e@1"]))].sort()).toEqual([
      "a@1",
      "b@1",
      "c@1",
      "d@1",
    ]);
    await index.rollback(2);
    expect([...(await index.known(["a@1", "c@1", "d@1"]))].sort()).toEqual(["a@1", "c@1"]);
    expect(await index.size()).toBe(3);
    await index.rollback(0);
    expect(await index.size()).toBe(0);
    await index.close();
  });
});

describe("SqliteSeenIndex on disk", () => {
  it("survives a reopen (a new process), keeps collections apart, and looks up more keys than one statement holds", () => {
    const path = sqlitePath();
    const first = new SqliteSeenIndex(path, "c1");
    const keys = Array.from({ length: 1500 }, (_, n) => `indicator--${n}@2026-01-01T00:00:00.000Z`);
    first.add(keys, 1);
    first.close();
    const again = new SqliteSeenIndex(path, "c1");
    const other = new SqliteSeenIndex(path, "c2");
    expect(again.known([...keys, "new@1"]).size).toBe(1500);
    expect(other.known(keys).size).toBe(0);
    again.close();
    other.close();
  });
});
