import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors/index.js";
import { forwardingLogger } from "../../src/source-worker/forwarding-logger.js";
import { SourceWorkerError, WorkerChannel } from "../../src/source-worker/index.js";

/** A worker from inline code: `port` is its parentPort. */
const worker = (code: string) =>
  new Worker(`const { parentPort: port } = require("node:worker_threads");\n${code}`, { eval: true });

function capturingLogger() {
  const lines: unknown[][] = [];
  const logger = {
    level: "info",
    child: (bindings: object) => ({
      ...logger,
      bound: bindings,
      info: (...args: unknown[]) => lines.push([bindings, ...args]),
    }),
    info: (...args: unknown[]) => lines.push(args),
    warn: (...args: unknown[]) => lines.push(args),
  };
  return { logger: logger as never, lines };
}

describe("the main thread's channel to the source worker", () => {
  it("answers requests in order, writes forwarded log lines, and rejects a failure with the rebuilt error", async () => {
    const { logger, lines } = capturingLogger();
    const channel = new WorkerChannel(
      worker(`port.on("message", (m) => {
        if (m.type === "next") {
          port.postMessage({ type: "log", level: "warn", bindings: {}, fields: { n: 1 }, message: "a habit" });
          port.postMessage({ type: "end" });
        } else if (m.type === "end-poll") {
          port.postMessage({ type: "failed", error: { name: "ConfigError", code: "COLLECTION_NOT_FOUND", message: "no such collection", retryable: false } });
        } else if (m.type === "close") { port.postMessage({ type: "closed" }); port.close(); }
      });`),
      logger,
    );
    await expect(channel.request({ type: "next" })).resolves.toEqual({ type: "end" });
    expect(lines).toEqual([[{ n: 1 }, "a habit"]]);
    const failure = channel.request({ type: "end-poll" });
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toMatchObject({ code: "COLLECTION_NOT_FOUND" });
    await channel.close();
  });

  it("a worker that dies mid-request fails that request and every later one with SOURCE_WORKER_FAILED, not a hang", async () => {
    const { logger } = capturingLogger();
    const channel = new WorkerChannel(worker(`port.on("message", () => process.exit(7));`), logger);
    const pending = channel.request({ type: "next" });
    await expect(pending).rejects.toBeInstanceOf(SourceWorkerError);
    await expect(pending).rejects.toMatchObject({ code: "SOURCE_WORKER_FAILED", retryable: false });
    await expect(channel.request({ type: "next" })).rejects.toMatchObject({ code: "SOURCE_WORKER_FAILED" });
    await channel.close();
  });

  it("an uncaught error in the worker fails the request with its message", async () => {
    const { logger } = capturingLogger();
    const channel = new WorkerChannel(
      worker(`port.on("message", () => { throw new TypeError("broken source"); });`),
      logger,
    );
    await expect(channel.request({ type: "next" })).rejects.toThrow(
      /source worker thread failed: broken source/,
    );
    await channel.close();
  });

  it("close() ends a worker that never answers (after its grace period), so no thread outlives the run", async () => {
    const { logger } = capturingLogger();
    const channel = new WorkerChannel(
      worker(`port.on("message", () => {}); setInterval(() => {}, 1000);`),
      logger,
    );
    await channel.close();
    await expect(channel.request({ type: "next" })).rejects.toMatchObject({ code: "SOURCE_WORKER_FAILED" });
  }, 20_000);
});

describe("the worker's logger", () => {
  it("posts only the lines the main thread's level lets through, with child bindings, errors as name and message", () => {
    const posted: unknown[] = [];
    const logger = forwardingLogger("warn", (message) => posted.push(message));
    logger.info({ a: 1 }, "dropped");
    logger.debug("dropped");
    logger.child({ collection: "c" }).warn({ err: new Error("reset") }, "retrying");
    logger.error("plain");
    expect(posted).toEqual([
      {
        type: "log",
        level: "warn",
        bindings: { collection: "c" },
        fields: { err: { name: "Error", message: "reset" } },
        message: "retrying",
      },
      { type: "log", level: "error", bindings: {}, fields: {}, message: "plain" },
    ]);
  });
});
