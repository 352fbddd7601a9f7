import { type ChildProcess, spawn } from "node:child_process";

export interface PeerProcess {
  child: ChildProcess;
  /** Kills the process group (wrappers such as runuser or env included) and waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Spawns a peer server in its own process group and polls `ready` until it answers true. Exiting early, or not
 * being ready within `timeoutMs`, throws with the tail of its output.
 */
export async function startPeerProcess(
  name: string,
  command: string,
  args: string[],
  options: { ready: () => Promise<boolean>; timeoutMs: number; intervalMs?: number },
): Promise<PeerProcess> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const stop = async () => {
    if (child.pid === undefined || child.exitCode !== null) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
    await new Promise((resolve) =>
      child.exitCode !== null ? resolve(undefined) : child.once("exit", resolve),
    );
  };
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${output}`);
    if (await options.ready().catch(() => false)) return { child, stop };
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
  await stop();
  throw new Error(`${name} did not become ready in ${options.timeoutMs / 1000} s: ${output}`);
}
