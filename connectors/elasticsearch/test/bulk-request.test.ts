import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sampleRecord, testSinkContext } from "@taxiway/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BULK_FILTER_PATH, connector } from "../src/index.js";

// A loopback stand-in for the bulk API: records each request's query and answers with the filtered shape a cluster
// sends for `filter_path=items.*.status,items.*.error` (issue 24: a full item is about 220 bytes, a filtered one 25).
const seen: URLSearchParams[] = [];
let answer: (lines: number) => unknown;
let server: Server;
let url: string;

async function readBody(request: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of request) body += chunk;
  return body;
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const body = await readBody(request);
    const target = new URL(request.url ?? "/", "http://x");
    seen.push(target.searchParams);
    response.setHeader("x-elastic-product", "Elasticsearch");
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify(answer(body.split("\n").filter(Boolean).length / 2)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const sink = () => connector.create({ node: url, index: "iocs", template: false }, testSinkContext());

describe("the bulk request", () => {
  it("asks the cluster for each item's status and error only (filter_path), not the full item", async () => {
    answer = (n) => ({ items: Array.from({ length: n }, () => ({ index: { status: 201 } })) });
    seen.length = 0;
    const result = await sink().write([sampleRecord(1), sampleRecord(2)]);
    expect(result.outcomes.map((o) => o.status)).toEqual(["delivered", "delivered"]);
    expect(seen.map((query) => query.get("filter_path"))).toEqual([BULK_FILTER_PATH]);
    expect(BULK_FILTER_PATH.split(",").sort()).toEqual(["items.*.error", "items.*.status"]);
  });

  it("judges each record from the filtered items, in order: rejected, throttled and stale versions", async () => {
    answer = () => ({
      items: [
        { index: { status: 201 } },
        { index: { status: 400, error: { type: "mapper_parsing_exception", reason: "bad field" } } },
        { index: { status: 429, error: { type: "es_rejected_execution_exception", reason: "queue full" } } },
        {
          index: {
            status: 409,
            error: {
              type: "version_conflict_engine_exception",
              reason: "[k]: version conflict, current version [9] is higher or equal to the one provided [8]",
            },
          },
        },
      ],
    });
    const result = await sink().write([1, 2, 3, 4].map((n) => sampleRecord(n)));
    expect(result.outcomes.map((o) => o.status)).toEqual([
      "delivered",
      "permanent",
      "transient",
      "delivered",
    ]);
  });

  it("a response without items (all filtered away) leaves every record retryable, never delivered", async () => {
    answer = () => ({});
    const result = await sink().write([sampleRecord(1), sampleRecord(2)]);
    expect(result.outcomes.map((o) => o.status)).toEqual(["transient", "transient"]);
  });
});
