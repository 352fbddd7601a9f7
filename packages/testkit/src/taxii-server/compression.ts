import { brotliCompressSync, constants, deflateSync, gzipSync } from "node:zlib";

/** Compresses a body as real servers usually do: gzip when accepted, else deflate, else brotli (fast setting). */
export function encodeBody(
  body: Buffer,
  acceptEncoding: string | undefined,
): { body: Buffer; encoding?: string } {
  const accepted = (acceptEncoding ?? "").toLowerCase();
  if (body.length < 256) return { body };
  if (accepted.includes("gzip")) return { body: gzipSync(body, { level: 1 }), encoding: "gzip" };
  if (accepted.includes("deflate")) return { body: deflateSync(body, { level: 1 }), encoding: "deflate" };
  if (accepted.includes("br"))
    return {
      body: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }),
      encoding: "br",
    };
  return { body };
}
