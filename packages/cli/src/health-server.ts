import { createServer, type Server } from "node:http";
import type { RunMetrics } from "@taxiway/core";

/** How the last poll of `run --watch` ended; undefined before the first one. */
export interface PollOutcome {
  status: "ok" | "partial" | "failed" | "stopped";
  finished_at: string;
  iocs?: number;
  error?: { code: string; message: string };
}

/** `/healthz` (200 while the last poll did not fail, "starting" before the first; 503 after a failed poll, whatever failed) and Prometheus `/metrics` for watch mode. */
export async function startHealthServer(
  listen: string,
  metrics: RunMetrics,
  lastPoll: () => PollOutcome | undefined,
): Promise<Server> {
  const separator = listen.lastIndexOf(":");
  const host = listen.slice(0, separator);
  const port = Number(listen.slice(separator + 1));
  const server = createServer(async (request, response) => {
    if (request.url === "/metrics") {
      response.writeHead(200, { "content-type": metrics.registry.contentType });
      response.end(await metrics.registry.metrics());
      return;
    }
    if (request.url === "/healthz") {
      const poll = lastPoll();
      const healthy = poll?.status !== "failed";
      response.writeHead(healthy ? 200 : 503, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          status: poll === undefined ? "starting" : healthy ? "ok" : "failing",
          last_run: poll ?? null,
        }),
      );
      return;
    }
    response.writeHead(404, { "content-type": "text/plain" });
    response.end("try /healthz or /metrics\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  return server;
}
