import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ConfigError, HttpClient } from "@taxiway/core";
import { afterEach, describe, expect, it } from "vitest";

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  servers = [];
});

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  body: string;
}

/** A loopback server: `route` answers each request (status, headers, body); every request is recorded. */
async function serve(route: (seen: Seen) => [number, Record<string, string>, string]) {
  const seen: Seen[] = [];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const request = {
      method: req.method ?? "",
      url: req.url ?? "",
      authorization: req.headers.authorization,
      body,
    };
    seen.push(request);
    const [status, headers, text] = route(request);
    res.writeHead(status, headers);
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return { seen, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const client = () =>
  new HttpClient({
    connectTimeoutMs: 5000,
    headersTimeoutMs: 5000,
    bodyTimeoutMs: 5000,
    maxResponseBytes: 1_000_000,
    userAgent: "test",
  });

describe("HTTP redirects (RFC 9110 §15.4)", () => {
  for (const [status, method, expected] of [
    [301, "GET", "GET"],
    [302, "POST", "GET"],
    [303, "POST", "GET"],
    [307, "POST", "POST"],
    [308, "POST", "POST"],
  ] as const)
    it(`${status} after ${method}: followed on the same origin as ${expected}, credentials kept`, async () => {
      const { seen, origin } = await serve(({ url }) =>
        url === "/old" ? [status, { location: "/new" }, ""] : [200, { "content-type": "text/plain" }, "ok"],
      );
      const response = await client().send({
        method,
        url: `${origin}/old`,
        headers: { authorization: "Bearer t0ken-1234", "content-type": "application/json" },
        body: method === "POST" ? "{}" : undefined,
      });
      expect(response.status).toBe(200);
      expect(response.url).toBe(`${origin}/new`);
      expect(seen[1]).toMatchObject({ method: expected, url: "/new", authorization: "Bearer t0ken-1234" });
      expect(seen[1]?.body).toBe(expected === "POST" ? "{}" : "");
    });

  it("a redirect to another origin is a ConfigError naming the target; nothing is sent there", async () => {
    const other = await serve(() => [200, {}, "should never be asked"]);
    const { origin } = await serve(() => [302, { location: `${other.origin}/taxii2/` }, ""]);
    const failure = client().send({
      url: `${origin}/taxii2/`,
      headers: { authorization: "Bearer t0ken-1234" },
    });
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toMatchObject({
      code: "CONFIG_REDIRECT",
      message: expect.stringContaining(`to another origin, ${other.origin}/taxii2/`),
    });
    expect(other.seen).toEqual([]);
  });

  it("a redirect loop ends with a ConfigError after 5 hops", async () => {
    const { origin } = await serve(({ url }) => [302, { location: url === "/a" ? "/b" : "/a" }, ""]);
    await expect(client().send({ url: `${origin}/a` })).rejects.toMatchObject({ code: "CONFIG_REDIRECT" });
  });
});
