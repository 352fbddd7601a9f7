import type { Transform } from "node:stream";
import { promisify } from "node:util";
import {
  brotliDecompress,
  createBrotliDecompress,
  createGunzip,
  createInflate,
  gunzip,
  inflate,
  type ZlibOptions,
} from "node:zlib";

type Decompress = (buffer: Buffer, options: ZlibOptions) => Promise<Buffer>;

/** A Content-Encoding taxiway decodes (RFC 9110 §8.4.1), and what it tells of the decoded size. */
export interface ContentCoding {
  name: string;
  /** One-shot, on libuv's thread pool. */
  decompress: Decompress;
  /** A streaming decoder, for bodies written to disk as they come. */
  stream(): Transform;
  /** The decoded size in bytes, as far as the encoded bytes tell it. */
  decodedSize(raw: Buffer): number;
}

const unknownSize = (raw: Buffer) => raw.length * 8;
const GZIP: ContentCoding = {
  name: "gzip",
  decompress: promisify(gunzip),
  stream: createGunzip,
  // The ISIZE trailer, RFC 1952 §2.3.1: the input's length mod 2^32.
  decodedSize: (raw) => (raw.length >= 18 ? raw.readUInt32LE(raw.length - 4) : unknownSize(raw)),
};
const DEFLATE: ContentCoding = {
  name: "deflate",
  decompress: promisify(inflate),
  stream: createInflate,
  decodedSize: unknownSize,
};
const BROTLI: ContentCoding = {
  name: "br",
  decompress: promisify(brotliDecompress) as Decompress,
  stream: createBrotliDecompress,
  decodedSize: unknownSize,
};

/** The coding a Content-Encoding header names; undefined for identity or one taxiway does not decode. */
export function contentCoding(encoding: string | undefined): ContentCoding | undefined {
  switch ((encoding ?? "").trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return GZIP;
    case "deflate":
      return DEFLATE;
    case "br":
      return BROTLI;
    default:
      return undefined;
  }
}
