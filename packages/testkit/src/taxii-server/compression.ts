import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";

/** Compresses a body the way the client's Accept-Encoding prefers (br, gzip, deflate), or not at all. */
export function encodeBody(
  body: Buffer,
  acceptEncoding: string | undefined,
): { body: Buffer; encoding?: string } {
  const accepted = (acceptEncoding ?? "").toLowerCase();
  if (body.length < 256) return { body };
  if (accepted.includes("br")) return { body: brotliCompressSync(body), encoding: "br" };
  if (accepted.includes("gzip")) return { body: gzipSync(body), encoding: "gzip" };
  if (accepted.includes("deflate")) return { body: deflateSync(body), encoding: "deflate" };
  return { body };
}
