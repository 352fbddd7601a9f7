import { type ContentCoding, contentCoding } from "./content-coding.js";
import { BodyDecodeError, ResponseTooLargeError } from "./errors.js";

const MIN_CHUNK = 64 * 1024;
const MAX_CHUNK = 8 * 1024 * 1024;

/**
 * zlib's output chunk for one body: each chunk costs a callback on the main thread, so it is sized to the whole
 * decoded body where that is known (gzip), else to eight times the compressed size; 64 KiB to 8 MiB (`limit` still
 * caps the output through maxOutputLength).
 */
function outputChunkSize(raw: Buffer, coding: ContentCoding): number {
  return Math.max(MIN_CHUNK, Math.min(coding.decodedSize(raw) + 1, MAX_CHUNK));
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
  const coding = contentCoding(encoding);
  if (!coding) return { text: raw.toString("utf8"), bytes: raw.length };
  let decoded: Buffer;
  try {
    decoded = await coding.decompress(raw, {
      maxOutputLength: limit,
      chunkSize: outputChunkSize(raw, coding),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError)
      throw new ResponseTooLargeError(url, limit);
    throw new BodyDecodeError(url, coding.name, error);
  }
  return { text: decoded.toString("utf8"), bytes: decoded.length };
}
