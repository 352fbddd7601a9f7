import type { FileHandle } from "node:fs/promises";
import { gzipSync } from "node:zlib";

/**
 * Encodes buffered text (gzip'ed as one member when asked) and writes all of it at `position`, looping over short
 * writes. Returns the number of bytes written.
 */
export function writeTextAt(
  handle: FileHandle,
  chunks: readonly string[],
  position: number,
  gzip: boolean,
): Promise<number> {
  return writeBytesAt(handle, Buffer.from(chunks.join(""), "utf8"), position, gzip);
}

/**
 * Writes `raw` (gzip'ed as one member when asked) at `position`, looping over short writes. Returns the number of
 * bytes written. `raw` must not change until the promise settles.
 */
export async function writeBytesAt(
  handle: FileHandle,
  raw: Uint8Array,
  position: number,
  gzip: boolean,
): Promise<number> {
  const data = gzip ? gzipSync(raw) : raw;
  let written = 0;
  while (written < data.length) {
    const { bytesWritten } = await handle.write(data, written, data.length - written, position + written);
    written += bytesWritten;
  }
  return data.length;
}
