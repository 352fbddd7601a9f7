import { ConfigError } from "../errors/index.js";
import type { HttpRequest, HttpResponse } from "./http-client.js";

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_HOPS = 5;

/**
 * The request to send after `response`, or undefined when it is not a redirect. Same origin only: a `Location` on
 * another origin (another host or port, or https → http) is a ConfigError naming it, so credentials never travel
 * there. RFC 9110 §15.4: 303 (and 301/302 after a POST) continue as a GET without body; 307/308 keep both.
 */
export function nextHop(request: HttpRequest, response: HttpResponse, hop: number): HttpRequest | undefined {
  if (!REDIRECTS.has(response.status)) return undefined;
  const location = response.headers.location;
  if (!location) return undefined;
  let target: URL;
  try {
    target = new URL(location, request.url);
  } catch {
    throw new ConfigError(
      `${request.url} redirects (HTTP ${response.status}) to an invalid location '${location.slice(0, 200)}'`,
      { code: "CONFIG_REDIRECT" },
    );
  }
  const from = new URL(request.url);
  if (target.origin !== from.origin)
    throw new ConfigError(
      `${request.url} redirects (HTTP ${response.status}) to another origin, ${target.href}: taxiway does not follow it, so credentials never leave ${from.origin}; if that is the server's address now, put it in the configuration (source.url)`,
      { code: "CONFIG_REDIRECT", details: { from: request.url, to: target.href, status: response.status } },
    );
  if (hop + 1 > MAX_HOPS)
    throw new ConfigError(`${request.url}: more than ${MAX_HOPS} redirects in a row (a redirect loop?)`, {
      code: "CONFIG_REDIRECT",
    });
  const asGet =
    response.status === 303 ||
    ((response.status === 301 || response.status === 302) && request.method === "POST");
  if (!asGet) return { ...request, url: target.href };
  const headers = Object.fromEntries(
    Object.entries(request.headers ?? {}).filter(([name]) => name.toLowerCase() !== "content-type"),
  );
  return { ...request, method: "GET", url: target.href, headers, body: undefined };
}
