// Compressed answers (RFC 9110 §8.4): decoded off the main thread, capped at max_response_bytes after decoding
// (a zip bomb fails cleanly), and a corrupt stream is an error, never garbage text.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { BodyDecodeError, HttpClient, ResponseTooLargeError } from "@taxiway/core";
import { afterEach, describe, expect, it } from "vitest";

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function serveOnce(encoding: string, body: Buffer): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-encoding": encoding });
    res.end(body);
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

const client = (maxResponseBytes: number) =>
  new HttpClient({
    connectTimeoutMs: 5000,
    headersTimeoutMs: 5000,
    bodyTimeoutMs: 5000,
    maxResponseBytes,
    userAgent: "test",
  });

const page = JSON.stringify({ objects: Array.from({ length: 200 }, (_, i) => ({ id: `x--${i}` })) });

describe("compressed TAXII answers", () => {
  for (const [encoding, compress] of [
    ["gzip", gzipSync],
    ["deflate", deflateSync],
    ["br", brotliCompressSync],
  ] as const)
    it(`${encoding}: decoded to the page's text`, async () => {
      const url = await serveOnce(encoding, compress(page));
      const response = await client(1_000_000).send({ method: "GET", url });
      expect(response.text).toBe(page);
    });

  it("a body that inflates past max_response_bytes (a zip bomb) fails with HTTP_RESPONSE_TOO_LARGE", async () => {
    const bomb = gzipSync(Buffer.alloc(50_000_000, 32));
    expect(bomb.length).toBeLessThan(100_000);
    const url = await serveOnce("gzip", bomb);
    const failure = await client(1_000_000)
      .send({ method: "GET", url })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ResponseTooLargeError);
    expect(failure).toMatchObject({ code: "HTTP_RESPONSE_TOO_LARGE", retryable: false });
  });

  it("a corrupt gzip stream is a retryable HTTP_BODY_UNDECODABLE, not text", async () => {
    const broken = gzipSync(page);
    broken.fill(7, 20, 60);
    const url = await serveOnce("gzip", broken);
    const failure = await client(1_000_000)
      .send({ method: "GET", url })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BodyDecodeError);
    expect(failure).toMatchObject({ code: "HTTP_BODY_UNDECODABLE", retryable: true });
  });
});
