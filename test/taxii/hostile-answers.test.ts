import { startTaxiiServer, type TaxiiServer } from "@taxiway/testkit/fixtures";
import { afterEach, describe, expect, it } from "vitest";
import { ipv4Indicators } from "../support/objects.js";
import { pollOnce } from "../support/poll.js";

let server: TaxiiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A fixture server whose first `times` answers to a page-2 request (one carrying `next`) are `answer`. */
async function serveWithBadPageTwo(
  answer: { status: number; body: string; headers: Record<string, string> },
  times: number,
) {
  let bad = 0;
  server = await startTaxiiServer({
    collections: [{ id: "c1", title: "Indicators", objects: ipv4Indicators(25) }],
    fault: (_n, request) => (request.query.get("next") && bad++ < times ? answer : undefined),
  });
  return server;
}

const poll = (retries = 2) =>
  pollOnce({ type: "taxii", url: (server as TaxiiServer).url, collection: "c1", page_size: 10, retries });

describe("hostile answers are retried as their retryable flag says", () => {
  it("an HTML login page on page 2 (TAXII_PROTOCOL, retryable) is fetched again and the poll completes", async () => {
    await serveWithBadPageTwo(
      {
        status: 200,
        body: "<html><body>Please log in</body></html>",
        headers: { "content-type": "text/html" },
      },
      1,
    );
    expect((await poll()).ids).toHaveLength(25);
  });

  it("truncated JSON on page 2 is fetched again and the poll completes", async () => {
    await serveWithBadPageTwo(
      {
        status: 200,
        body: '{"more":true,"objects":[{"type":"indicator",',
        headers: { "content-type": "application/taxii+json;version=2.1" },
      },
      2,
    );
    expect((await poll()).ids).toHaveLength(25);
  });

  it("an envelope whose objects is not an array fails the poll with a clear error instead of reading as empty", async () => {
    await serveWithBadPageTwo(
      {
        status: 200,
        body: '{"more":false,"objects":"none"}',
        headers: { "content-type": "application/taxii+json;version=2.1" },
      },
      100,
    );
    await expect(poll(1)).rejects.toMatchObject({
      code: "TAXII_PROTOCOL",
      message: expect.stringMatching(/malformed TAXII envelope: "objects" is string, not an array/),
    });
  });
});
