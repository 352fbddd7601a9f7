import type { Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { ResponseTooLargeError } from "./errors.js";

function decoder(encoding: string | undefined) {
  switch ((encoding ?? "").trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return createGunzip();
    case "deflate":
      return createInflate();
    case "br":
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

/** Reads a body to a string, decompressing it, and stops at `limit` decoded bytes (a zip bomb stops there too). */
export async function readBody(
  body: Readable,
  encoding: string | undefined,
  limit: number,
  url: string,
): Promise<{ text: string; bytes: number }> {
  const decode = decoder(encoding);
  const stream: Readable = decode ? body.pipe(decode) : body;
  if (decode) body.on("error", (error) => decode.destroy(error));
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      bytes += (chunk as Buffer).length;
      if (bytes > limit) throw new ResponseTooLargeError(url, limit);
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    body.destroy();
    decode?.destroy();
    throw error;
  }
  return { text: Buffer.concat(chunks, bytes).toString("utf8"), bytes };
}
