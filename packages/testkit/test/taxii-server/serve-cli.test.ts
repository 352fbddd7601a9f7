import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

// The fixture server the README points to (`node packages/testkit/dist/taxii-server/serve.js`): a busy port is one
// line saying what to do, not a Node stack trace (found by a fresh-eyes session: port 9410 was taken).
const SERVE = fileURLToPath(new URL("../../dist/taxii-server/serve.js", import.meta.url));

it("a port in use: one line naming the port and --port, exit 1, no stack trace", async () => {
  const blocker = createServer().listen(0, "127.0.0.1");
  await once(blocker, "listening");
  const { port } = blocker.address() as { port: number };
  try {
    const run = spawnSync(process.execPath, [SERVE, "--generate", "10", "--port", String(port)], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `serve: port ${port} is in use: pick another with --port N (0 picks a free one)\n`,
    );
  } finally {
    blocker.close();
  }
});
