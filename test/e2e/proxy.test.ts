import { once } from "node:events";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer, request as httpRequest, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatedIndicators, startTaxiiServer, type TaxiiServer } from "@taxiway/testkit/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { taxiway } from "./binary.js";

// `source.proxy`: every request of a run goes through the proxy, and the run's result is the same as without it.

let feed: TaxiiServer;
let proxy: Server;
let proxyUrl: string;
const tunnels: string[] = [];

beforeAll(async () => {
  feed = await startTaxiiServer({
    collections: [{ id: "c", title: "C", objects: generatedIndicators(1200, 5) }],
    maxPageSize: 500,
  });
  // A forward proxy for http:// targets (absolute-form request target, RFC 9112 §3.2.2), as undici's ProxyAgent uses it.
  proxy = createServer((request, response) => {
    const target = new URL(request.url ?? "");
    tunnels.push(target.host);
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: request.method,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", () => response.destroy());
    request.pipe(upstream);
  });
  proxy.listen(0, "127.0.0.1");
  await once(proxy, "listening");
  const address = proxy.address() as { port: number };
  proxyUrl = `http://127.0.0.1:${address.port}`;
}, 60_000);

afterAll(async () => {
  await feed?.close();
  proxy?.closeAllConnections();
  proxy?.close();
});

/** A job reading the fixture feed through `proxy` into ./out.csv, in a fresh directory. */
async function proxiedJob(proxy: string): Promise<{ dir: string; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), "taxiway-proxy-"));
  const path = join(dir, "job.yaml");
  await writeFile(
    path,
    `name: proxied
source: { type: taxii, url: "${feed.url}", collection: c, page_size: 500, retries: 0, proxy: "${proxy}" }
sinks:
  - { type: csv, path: ./out.csv }
`,
  );
  return { dir, path };
}

describe("source.proxy", () => {
  it("a run through an HTTP proxy sends every request to the TAXII server through it and delivers every IOC", async () => {
    const { dir, path } = await proxiedJob(proxyUrl);
    const run = await taxiway(["run", path, "--json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: "ok", iocs: 1200 });
    const rows = (await readFile(join(dir, "out.csv"), "utf8")).trimEnd().split("\n");
    expect(rows).toHaveLength(1201);
    const target = new URL(feed.url).host;
    expect(tunnels.length).toBeGreaterThan(0);
    expect(new Set(tunnels)).toEqual(new Set([target]));
  }, 60_000);

  it("a proxy that is down is named in the one-line failure (exit 1), its password masked", async () => {
    const { path } = await proxiedJob("http://squid:proxy-secret-8@127.0.0.1:9");
    const run = await taxiway(["run", path]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^taxiway: NETWORK: request to \S+ through the proxy http:\/\/squid:\*\*\*@127\.0\.0\.1:9\/ failed: /m,
    );
    expect(run.stderr).not.toContain("proxy-secret-8");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
