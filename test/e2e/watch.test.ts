import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTaxiiServer } from "@taxiway/testkit/fixtures";
import { describe, expect, it } from "vitest";
import { ipv4Indicators } from "../support/objects.js";
import { BIN, taxiway } from "./binary.js";

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe("taxiway run --watch", () => {
  it("polls again after the interval, picks up new objects, and exits 0 on SIGTERM", async () => {
    const server = await startTaxiiServer({
      collections: [{ id: "c1", title: "C", objects: ipv4Indicators(50) }],
    });
    const dir = await mkdtemp(join(tmpdir(), "taxiway-watch-"));
    const path = join(dir, "job.yaml");
    await writeFile(
      path,
      `name: w
source: { type: taxii, url: "${server.url}", collection: c1 }
watch: { interval: 1s, jitter: 0 }
sinks: [{ type: csv, path: ./out.csv, columns: [value], line_ending: lf }]
`,
    );
    const port = await freePort();
    const listen = `127.0.0.1:${port}`;
    const child = spawn(
      process.execPath,
      [BIN, "run", path, "--watch", "--json", "--log-level", "warn", "--listen", listen],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const summaries: Array<{ iocs: number; status: string }> = [];
    let buffered = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) summaries.push(JSON.parse(line));
    });
    const waitFor = async (check: () => boolean) => {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(check()).toBe(true);
    };
    await waitFor(() => summaries.length >= 1);
    expect(summaries[0]?.iocs).toBe(50);
    server.add("c1", ipv4Indicators(5, 50));
    await waitFor(() => summaries.some((s) => s.iocs === 5));
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", last_run: { status: "ok" } });
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/taxiway_iocs_total\{collection="c1",job="w"\} 55/);
    expect(metrics).toMatch(/taxiway_feed_lag_seconds\{collection="c1",job="w"\} \d+/);
    expect(metrics).toMatch(/taxiway_sink_write_seconds_count\{job="w",sink="csv-0"\} \d+/);
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    const rows = (await readFile(join(dir, "out.csv"), "utf8")).trim().split("\n");
    expect(rows).toHaveLength(1 + 55);
    await server.close();
  }, 60_000);

  it("an overlapping run of the same job exits 3 at once while the first holds the lock", async () => {
    const server = await startTaxiiServer({
      collections: [{ id: "c1", title: "C", objects: ipv4Indicators(20) }],
      fault: (n) => (n === 4 ? { stallMs: 3000 } : undefined),
    });
    const dir = await mkdtemp(join(tmpdir(), "taxiway-lock-"));
    const path = join(dir, "job.yaml");
    await writeFile(
      path,
      `name: l\nsource: { type: taxii, url: "${server.url}", collection: c1, retries: 0, timeouts: { headers: 5s } }\nsinks: [{ type: csv, path: ./out.csv }]\n`,
    );
    const first = spawn(process.execPath, [BIN, "run", path, "--log-level", "silent"], { stdio: "ignore" });
    for (let i = 0; i < 100 && server.requests.length < 4; i++)
      await new Promise((resolve) => setTimeout(resolve, 30));
    const second = await taxiway(["run", path]);
    expect(second.code, second.stdout + second.stderr).toBe(3);
    expect(second.stderr).toMatch(/job 'l' is already running \(pid \d+ on .+\); this run exits/);
    first.kill("SIGKILL");
    await server.close();
  }, 30_000);
});
