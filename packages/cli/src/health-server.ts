import { createServer, type Server } from "node:http";
import type { RunMetrics, RunSummary } from "@taxiway/core";

/** `/healthz` (200 while the last run did not fail, 503 otherwise) and Prometheus `/metrics` for watch mode. */
export async function startHealthServer(
  listen: string,
  metrics: RunMetrics,
  lastRun: () => RunSummary | undefined,
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
      const run = lastRun();
      const healthy = run?.status !== "failed";
      response.writeHead(healthy ? 200 : 503, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          status: healthy ? "ok" : "failing",
          last_run: run
            ? { status: run.status, finished_at: run.finished_at, iocs: run.iocs, error: run.error }
            : null,
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
