import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { BIN } from "./binary.js";

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Polls `check` until it holds (counters, not time: the deadline is only a generous bound). */
export async function waitUntil<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One `taxiway serve` child process with its /metrics endpoint. */
export class ServeChild {
  readonly child: ChildProcess;
  stderr = "";
  stdout = "";
  readonly exited: Promise<number | null>;

  constructor(
    args: string[],
    readonly port: number,
    options: { cwd?: string; command?: string[] } = {},
  ) {
    const [command, ...prefix] = options.command ?? [process.execPath, BIN];
    this.child = spawn(command as string, [...prefix, ...args], {
      cwd: options.cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout?.on("data", (chunk: Buffer) => {
      this.stdout += chunk.toString();
    });
    this.child.stderr?.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.exited = new Promise((resolve) => this.child.on("exit", (code) => resolve(code)));
  }

  async metrics(): Promise<string> {
    return (await fetch(`http://127.0.0.1:${this.port}/metrics`)).text();
  }

  async healthz(): Promise<{ pid: number; jobs: Record<string, unknown> }> {
    return (await fetch(`http://127.0.0.1:${this.port}/healthz`)).json() as Promise<{
      pid: number;
      jobs: Record<string, unknown>;
    }>;
  }

  kill(signal: NodeJS.Signals = "SIGKILL"): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}

/** `taxiway_job_runs_total{job,outcome}` from an exposition, or 0 when absent. */
export function runs(metrics: string, job: string, outcome: string): number {
  const match = metrics.match(
    new RegExp(`^taxiway_job_runs_total\\{job="${job}",outcome="${outcome}"\\} (\\d+)`, "m"),
  );
  return match ? Number(match[1]) : 0;
}

/** Jobs that have any series in an exposition. */
export function jobsIn(metrics: string): string[] {
  return [
    ...new Set([...metrics.matchAll(/^taxiway_job_runs_total\{job="([^"]+)"/gm)].map((m) => m[1] as string)),
  ].sort();
}
