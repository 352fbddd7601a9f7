// The loopback TAXII fixture server (testkit's serve.js) as a child process serving `count` generated indicators
// in one collection, for the end-to-end benches.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const SERVE = fileURLToPath(new URL("../../testkit/dist/taxii-server/serve.js", import.meta.url));

/** Starts the server on a free port; resolves with its discovery URL once it listens. Kill `child` when done. */
export async function startFixtureServer(
  count: number,
  collection = "bench",
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [SERVE, "--port", "0", "--generate", String(count), "--collection", collection],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
    const match = /(http:\/\/\S+\/taxii2\/)/.exec(line);
    if (match) return { url: match[1] as string, child };
  }
  throw new Error(`fixture server did not start: ${SERVE}`);
}
