import { createWriteStream } from "node:fs";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { contentCoding } from "./content-coding.js";
import { ResponseTooLargeError } from "./errors.js";

/**
 * Streams a response body, decompressed, into `path` without holding it in memory: for bundles larger than a page
 * should ever be. The decoded bytes stop at `limit` (ResponseTooLargeError), so a zip bomb cannot fill the disk.
 * Returns the decoded byte count.
 */
export async function saveBody(
  body: Readable,
  encoding: string | undefined,
  limit: number,
  url: string,
  path: string,
): Promise<number> {
  let bytes = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > limit) done(new ResponseTooLargeError(url, limit));
      else done(null, chunk);
    },
  });
  const decode = contentCoding(encoding)?.stream();
  const out = createWriteStream(path);
  await (decode ? pipeline(body, decode, cap, out) : pipeline(body, cap, out));
  return bytes;
}
