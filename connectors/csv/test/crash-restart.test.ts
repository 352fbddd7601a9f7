import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const writer = fileURLToPath(new URL("./fixtures/crashing-writer.mjs", import.meta.url));
const PAGES = 400;
const PAGE_SIZE = 50;

async function committedPage(checkpoint: string): Promise<number> {
  if (!existsSync(checkpoint)) return 0;
  return (JSON.parse(await readFile(checkpoint, "utf8")) as { page: number }).page;
}

if (!existsSync(dist) && process.env.CI !== "true")
  console.warn(`skipping the csv kill -9 test: ${dist} is missing (run pnpm build first)`);

describe("csv sink, kill -9 and restart", () => {
  it.skipIf(!existsSync(dist) && process.env.CI !== "true")(
    "ends with every row exactly once, whatever moment the process died (needs `pnpm build`)",
    async () => {
      expect(existsSync(dist), `${dist} missing: run pnpm build`).toBe(true);
      const dir = await mkdtemp(join(tmpdir(), "taxiway-csv-crash-"));
      const checkpoint = join(dir, "checkpoint.json");
      const args = [writer, pathToFileURL(dist).href, dir, checkpoint, String(PAGES), String(PAGE_SIZE)];
      try {
        const committedAtKill: number[] = [];
        for (const target of [60, 180, 300]) {
          const child = spawn(process.execPath, args, {
            env: { ...process.env, SLOW: "1" },
            stdio: "ignore",
          });
          // Kill as soon as the run got past `target` committed pages: mid-page, between write and commit, anywhere.
          const deadline = Date.now() + 30_000;
          while ((await committedPage(checkpoint)) < target && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 2));
          }
          await new Promise((resolve) => setTimeout(resolve, 5)); // lands in the flushed-but-uncommitted window
          child.kill("SIGKILL");
          await new Promise((resolve) => child.on("exit", resolve));
          committedAtKill.push(await committedPage(checkpoint));
        }
        // The kills must have landed mid-run, or this test would prove nothing.
        expect(
          committedAtKill.every((page) => page > 0 && page < PAGES),
          `pages at kill: ${committedAtKill}`,
        ).toBe(true);
        const finish = spawnSync(process.execPath, args, { encoding: "utf8" });
        expect(finish.stdout, finish.stderr).toBe("done\n");
        const rows = (await readFile(join(dir, "out", "crash.csv"), "utf8")).split("\r\n").filter(Boolean);
        expect(rows[0]).toBe("key,value");
        const body = rows.slice(1);
        expect(body).toHaveLength(PAGES * PAGE_SIZE);
        expect(body.every((row, n) => row === `k${n},v${n}`)).toBe(true);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
