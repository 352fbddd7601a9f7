import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { StixObject } from "@taxiway/core";
import { isAuthorized } from "./auth.js";
import { encodeBody } from "./compression.js";
import { acceptsTaxii20, acceptsTaxii21, TAXII_20, TAXII_21 } from "./media-types.js";
import type { Fault, FixtureRequest, TaxiiServerOptions } from "./options.js";
import { NextTokens } from "./paging.js";
import { type FixtureResponse, taxiiError } from "./responses.js";
import { type RouteContext, route } from "./routes.js";
import { CollectionStore } from "./store.js";

export interface TaxiiServer {
  /** Discovery URL, e.g. `http://127.0.0.1:41234/taxii2/`. */
  url: string;
  apiRootUrl: string;
  collectionUrl(id: string): string;
  /** Every request received, in order. */
  requests: FixtureRequest[];
  /** Add objects to a collection after start (they get date_added after everything already there). */
  add(collectionId: string, objects: readonly StixObject[], dateAdded?: string): void;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function applyFault(fault: Fault, response: ServerResponse): boolean {
  if ("reset" in fault) {
    response.socket?.destroy();
    return true;
  }
  if ("stallMs" in fault) {
    setTimeout(() => response.socket?.destroy(), fault.stallMs).unref();
    return true;
  }
  const body = typeof fault.body === "string" ? fault.body : JSON.stringify(fault.body ?? {});
  response.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
  response.end(body);
  return true;
}

function send(
  response: ServerResponse,
  answer: FixtureResponse,
  request: IncomingMessage,
  contentType?: string,
) {
  const headers = { ...answer.headers };
  if (contentType && headers["content-type"]) headers["content-type"] = contentType;
  const { body, encoding } = encodeBody(Buffer.from(answer.body ?? ""), request.headers["accept-encoding"]);
  if (encoding) headers["content-encoding"] = encoding;
  headers["content-length"] = String(body.length);
  response.writeHead(answer.status, headers);
  response.end(body);
}

/** Starts a loopback TAXII 2.1 server over fixture collections. */
export async function startTaxiiServer(options: TaxiiServerOptions): Promise<TaxiiServer> {
  const stores = new Map(options.collections.map((c) => [c.id, new CollectionStore(c)]));
  const requests: FixtureRequest[] = [];
  const context: RouteContext = {
    options,
    stores,
    tokens: new NextTokens(),
    statuses: new Map(),
    baseUrl: "",
  };
  let counter = 0;

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://fixture");
    const logged: FixtureRequest = {
      method: request.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
    };
    requests.push(logged);
    const body = request.method === "POST" ? await readBody(request) : undefined;
    const fault = options.fault?.(++counter, logged);
    if (fault && applyFault(fault, response)) return;
    if (!isAuthorized(options.auth, request.headers)) {
      send(response, taxiiError(401, "Unauthorized", "Missing or invalid credentials."), request);
      return;
    }
    const v20 = options.version === "2.0";
    if (!(v20 ? acceptsTaxii20 : acceptsTaxii21)(request.headers.accept)) {
      const offered = v20 ? TAXII_20 : TAXII_21;
      send(response, taxiiError(406, "Not acceptable", `This server offers ${offered}.`), request);
      return;
    }
    const segments = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const range = request.headers.range;
    const answer = route(context, { method: logged.method, segments, query: url.searchParams, body, range });
    if (v20 && answer.headers["content-type"] === TAXII_21) answer.headers["content-type"] = TAXII_20;
    send(response, answer, request, options.quirks?.contentType);
  });
  server.keepAliveTimeout = 5000;

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  context.baseUrl = origin;
  const apiRootUrl = `${origin}/${options.apiRoot ?? "api1"}/`;

  return {
    url: `${origin}/taxii2/`,
    apiRootUrl,
    collectionUrl: (id) => `${apiRootUrl}collections/${id}/`,
    requests,
    add(collectionId, objects, dateAdded) {
      const store = stores.get(collectionId);
      if (!store) throw new Error(`fixture: no collection ${collectionId}`);
      for (const object of objects) store.add(object, dateAdded);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
