import { type ChildProcess, spawn } from "node:child_process";

export interface PeerProcess {
  child: ChildProcess;
  /** Kills the process group (wrappers such as runuser or env included) and waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Runs the peer under a bash watchdog in the peer's process group: when the test process that started it dies
 * without stopping it (Ctrl-C on the test run, a killed vitest), the watchdog stops the peer within a second, so no
 * server outlives its tests. Signals sent to the group reach the peer directly; the watchdog forwards them too and
 * waits for the peer, so `child` exits when the peer has, with its exit status.
 */
const WATCHDOG = `"$@" &
peer=$!
trap 'kill -TERM $peer 2>/dev/null' TERM
trap 'kill -INT $peer 2>/dev/null' INT
while kill -0 "$TAXIWAY_PEER_PARENT" 2>/dev/null && kill -0 $peer 2>/dev/null; do sleep 1 & wait $!; done
kill -0 $peer 2>/dev/null && kill -TERM $peer
wait $peer`;

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
  const child = spawn("bash", ["-c", WATCHDOG, name, command, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
    env: { ...process.env, TAXIWAY_PEER_PARENT: String(process.pid) },
  });
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
