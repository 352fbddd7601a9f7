import { createServer, type Server } from "node:http";
import type { RunMetrics } from "@taxiway/core";

/** How the last poll of `run --watch` ended; undefined before the first one. */
export interface PollOutcome {
  status: "ok" | "partial" | "failed" | "stopped";
  finished_at: string;
  iocs?: number;
  error?: { code: string; message: string };
}

/** One HTTP answer of an endpoint. */
export interface EndpointAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** Path (exactly, e.g. `/metrics`) → its answer, computed per request. */
export type Endpoints = Record<string, () => EndpointAnswer | Promise<EndpointAnswer>>;

/** Serves `endpoints` on `listen` (`host:port`); any other path is a 404 naming them. */
export async function startEndpoints(listen: string, endpoints: Endpoints): Promise<Server> {
  const separator = listen.lastIndexOf(":");
  const host = listen.slice(0, separator);
  const port = Number(listen.slice(separator + 1));
  const paths = Object.keys(endpoints);
  const server = createServer(async (request, response) => {
    const endpoint = Object.hasOwn(endpoints, request.url ?? "") ? endpoints[request.url ?? ""] : undefined;
    if (!endpoint) {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end(`try ${paths.join(" or ")}\n`);
      return;
    }
    const answer = await endpoint();
    response.writeHead(answer.status, { "content-type": answer.contentType });
    response.end(answer.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  return server;
}

/** `/healthz` (200 while the last poll did not fail, "starting" before the first; 503 after a failed poll, whatever failed) and Prometheus `/metrics` for watch mode. */
export async function startHealthServer(
  listen: string,
  metrics: RunMetrics,
  lastPoll: () => PollOutcome | undefined,
): Promise<Server> {
  return startEndpoints(listen, {
    "/healthz": () => {
      const poll = lastPoll();
      const healthy = poll?.status !== "failed";
      return {
        status: healthy ? 200 : 503,
        contentType: "application/json",
        body: JSON.stringify({
          status: poll === undefined ? "starting" : healthy ? "ok" : "failing",
          last_run: poll ?? null,
        }),
      };
    },
    "/metrics": async () => ({
      status: 200,
      contentType: metrics.registry.contentType,
      body: await metrics.registry.metrics(),
    }),
  });
}
