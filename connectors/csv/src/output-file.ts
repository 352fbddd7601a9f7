import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { dirname } from "node:path";
import { ensureDirectory } from "@taxiway/core";
import { writeTextAt } from "./write-at.js";

/**
 * One file written by positional writes from a known offset, so the sink always knows exactly how many bytes are
 * on disk. Rows are buffered and written in chunks; with gzip every chunk is one gzip member, so any committed
 * offset falls on a member boundary and a truncated file is still a valid gzip stream.
 */
export class OutputFile {
  #pending: string[] = [];
  #pendingBytes = 0;
  #dirty = false;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private size: number,
    private readonly gzip: boolean,
    readonly created: boolean,
  ) {}

  /** Opens `path` and cuts it to `keepBytes` (undefined: keep everything and append). */
  static async open(path: string, keepBytes: number | undefined, gzip: boolean): Promise<OutputFile> {
    await ensureDirectory(dirname(path));
    let created = false;
    let handle: FileHandle;
    try {
      handle = await open(path, constants.O_RDWR);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      handle = await open(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o644);
      created = true;
    }
    const { size } = await handle.stat();
    const keep = keepBytes === undefined ? size : Math.min(keepBytes, size);
    if (keep < size) await handle.truncate(keep);
    return new OutputFile(path, handle, keep, gzip, created);
  }

  /** Bytes on disk plus bytes buffered (uncompressed, for gzip). */
  get length(): number {
    return this.size + this.#pendingBytes;
  }

  get isEmpty(): boolean {
    return this.length === 0;
  }

  /** Bytes on disk after the last `sync()`. */
  get committedSize(): number {
    return this.size;
  }

  append(text: string): void {
    this.#pending.push(text);
    this.#pendingBytes += Buffer.byteLength(text, "utf8");
  }

  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** Writes what is buffered (without fsync). */
  async spill(): Promise<void> {
    if (this.#pendingBytes === 0) return;
    const chunks = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.size += await writeTextAt(this.handle, chunks, this.size, this.gzip);
    this.#dirty = true;
  }

  /** Everything buffered is on disk and fsync'ed. */
  async sync(): Promise<void> {
    await this.spill();
    if (this.#dirty) {
      await this.handle.sync();
      this.#dirty = false;
    }
  }

  async close(): Promise<void> {
    await this.sync();
    await this.handle.close();
  }
}

/** fsync a directory so a newly created file's entry survives a crash. */
export async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
