// timeouts.request bounds each request from send to last byte; the deadline's timer and its listener on the run's
// signal end with the request, so a long run does not pile up one timer per page.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { HttpClient } from "@taxiway/core";
import { afterEach, describe, expect, it } from "vitest";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

const client = (requestTimeoutMs: number) =>
  new HttpClient({
    connectTimeoutMs: 30_000,
    headersTimeoutMs: 30_000,
    bodyTimeoutMs: 30_000,
    requestTimeoutMs,
    maxResponseBytes: 1_000_000,
    userAgent: "test",
  });

describe("request deadline (timeouts.request)", () => {
  it("a body that never ends fails with NETWORK_REQUEST_TIMEOUT (retryable)", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"objects": [');
    });
    const failure = await client(300)
      .send({ method: "GET", url })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "NETWORK_REQUEST_TIMEOUT", retryable: true });
  });

  it("200 requests under one long-lived run signal leave no timer and no abort listener behind", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
    const http = client(3_600_000);
    const run = new AbortController();
    let listeners = 0;
    const add = run.signal.addEventListener.bind(run.signal);
    const remove = run.signal.removeEventListener.bind(run.signal);
    run.signal.addEventListener = ((...args: Parameters<typeof add>) => {
      listeners++;
      add(...args);
    }) as typeof add;
    run.signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      listeners--;
      remove(...args);
    }) as typeof remove;
    // Every deadline timer the requests start is cleared when the request ends (none waits out its hour).
    const live = new Set<unknown>();
    let started = 0;
    const { setTimeout: realSet, clearTimeout: realClear } = globalThis;
    globalThis.setTimeout = ((handler: () => void, ms?: number) => {
      const timer = realSet(handler, ms);
      if (ms === 3_600_000) {
        started++;
        live.add(timer);
      }
      return timer;
    }) as typeof setTimeout;
    globalThis.clearTimeout = ((timer: Parameters<typeof clearTimeout>[0]) => {
      live.delete(timer);
      realClear(timer);
    }) as typeof clearTimeout;
    try {
      for (let i = 0; i < 200; i++) await http.send({ method: "GET", url, signal: run.signal });
    } finally {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    }
    expect(started).toBe(200);
    expect(live.size).toBe(0);
    expect(listeners).toBe(0);
    await http.close();
  });

  it("the run's stop aborts the request in flight", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("[");
    });
    const run = new AbortController();
    const pending = client(3_600_000)
      .send({ method: "GET", url, signal: run.signal })
      .catch((error: unknown) => error);
    setTimeout(() => run.abort(), 50);
    const failure = await pending;
    expect((failure as { code?: string }).code).not.toBe("NETWORK_REQUEST_TIMEOUT");
    expect(failure).toBeInstanceOf(Error);
  });
});
