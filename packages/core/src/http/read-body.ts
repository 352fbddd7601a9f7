import { promisify } from "node:util";
import { brotliDecompress, gunzip, inflate, type ZlibOptions } from "node:zlib";
import { BodyDecodeError, ResponseTooLargeError } from "./errors.js";

type Decompress = (buffer: Buffer, options: ZlibOptions) => Promise<Buffer>;
const gunzipAsync: Decompress = promisify(gunzip);
const inflateAsync: Decompress = promisify(inflate);
const brotliAsync = promisify(brotliDecompress) as Decompress;

function decoder(encoding: string | undefined): Decompress | undefined {
  switch ((encoding ?? "").trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return gunzipAsync;
    case "deflate":
      return inflateAsync;
    case "br":
      return brotliAsync;
    default:
      return undefined;
  }
}

const MIN_CHUNK = 64 * 1024;
const MAX_CHUNK = 8 * 1024 * 1024;

/**
 * zlib's output chunk for one body: each chunk costs a callback on the main thread, so it is sized to the whole
 * decoded body where that is known (gzip's ISIZE trailer, RFC 1952 §2.3.1: the input's length mod 2^32), else to
 * eight times the compressed size; 64 KiB to 8 MiB (`limit` still caps the output through maxOutputLength).
 */
function outputChunkSize(raw: Buffer, encoding: string | undefined): number {
  const gzip = /gzip/i.test(encoding ?? "") && raw.length >= 18;
  const expected = gzip ? raw.readUInt32LE(raw.length - 4) + 1 : raw.length * 8;
  return Math.max(MIN_CHUNK, Math.min(expected, MAX_CHUNK));
}

/**
 * Reads a body to a string and decompresses it. Both the bytes on the wire and the decoded bytes stop at `limit`
 * (zlib's maxOutputLength), so neither a huge page nor a zip bomb can exhaust memory. One-shot decompression of
 * the page is several times faster than a streaming pipe, and it runs on libuv's thread pool: the main thread
 * parses and delivers the page before while the next one inflates.
 */
export async function readBody(
  body: { arrayBuffer(): Promise<ArrayBuffer>; destroy(): unknown },
  encoding: string | undefined,
  limit: number,
  url: string,
  declaredLength?: string,
): Promise<{ text: string; bytes: number }> {
  if (declaredLength !== undefined && Number(declaredLength) > limit) {
    body.destroy();
    throw new ResponseTooLargeError(url, limit);
  }
  // Read eagerly: iterating the stream chunk by chunk lets backpressure pause the socket and halves throughput.
  // The dispatcher's maxResponseSize caps bodies without a Content-Length.
  const raw = Buffer.from(await body.arrayBuffer());
  if (raw.length > limit) throw new ResponseTooLargeError(url, limit);
  const decode = decoder(encoding);
  if (!decode) return { text: raw.toString("utf8"), bytes: raw.length };
  let decoded: Buffer;
  try {
    decoded = await decode(raw, { maxOutputLength: limit, chunkSize: outputChunkSize(raw, encoding) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError)
      throw new ResponseTooLargeError(url, limit);
    throw new BodyDecodeError(url, (encoding ?? "").trim().toLowerCase(), error);
  }
  return { text: decoded.toString("utf8"), bytes: decoded.length };
}
