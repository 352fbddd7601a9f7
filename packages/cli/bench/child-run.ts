// Measures one child process: wall time (here), CPU time and peak RSS (reported by the child itself on exit:
// resource-usage.mjs for Node, the OASIS script's own getrusage for Python).
import { spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const USAGE_HOOK = fileURLToPath(new URL("./resource-usage.mjs", import.meta.url));

/** The `taxiway` command as users start it: its shebang passes the CLI's V8 flags (see packages/cli/src/bin.ts). */
export const TAXIWAY_COMMAND = fileURLToPath(new URL("../bin/taxiway.js", import.meta.url));

export interface ChildFigures {
  wallMs: number;
  cpuMs: number;
  rssMiB: number;
}

let sequence = 0;

/** Runs `command args` to its end; throws with its stderr when it fails. Node children need `--import USAGE_HOOK`. */
export async function measureChild(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ChildFigures> {
  const usageFile = join(tmpdir(), `taxiway-bench-usage-${process.pid}-${sequence++}.json`);
  const started = performance.now();
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, TAXIWAY_BENCH_USAGE: usageFile },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    child.on("error", reject);
    child.on("close", (exit) => resolve({ code: exit, stderr: err }));
  });
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${code}: ${stderr.slice(-2000)}`);
  const usage = JSON.parse(await readFile(usageFile, "utf8")) as { cpuMicros: number; maxRssKiB: number };
  await rm(usageFile, { force: true });
  return { wallMs, cpuMs: usage.cpuMicros / 1000, rssMiB: usage.maxRssKiB / 1024 };
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** Runs the `taxiway` command through its shebang (the project's Node first on PATH), measured like measureChild. */
export function measureTaxiway(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ChildFigures> {
  return measureChild(TAXIWAY_COMMAND, args, {
    ...options,
    env: {
      ...options.env,
      NODE_OPTIONS: `--import=${USAGE_HOOK}`,
      PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`,
    },
  });
}
