import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { dirname } from "node:path";
import { ConfigError, ensureDirectory } from "@taxiway/core";
import { TextBytes } from "./text-bytes.js";
import { writeBytesAt } from "./write-at.js";

/**
 * One file written by positional writes from a known offset, so the sink always knows exactly how many bytes are
 * on disk. Rows are buffered and written in chunks; with gzip every chunk is one gzip member, so any committed
 * offset falls on a member boundary and a truncated file is still a valid gzip stream.
 */
/** Where a file stood before a write call, so a failed call can be taken back (`OutputFile.rollback`). */
export interface FileMark {
  size: number;
  /** A copy of the bytes buffered then. */
  pending: Buffer;
}

export class OutputFile {
  /** Rows appended since the last spill, already UTF-8. */
  readonly #pending = new TextBytes();
  #dirty = false;
  /** Bytes past `size` may be on disk (a short or failed write): cut them before writing again. */
  #torn = false;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private size: number,
    private readonly gzip: boolean,
    readonly created: boolean,
  ) {}

  /**
   * Opens `path` and cuts it to `keepBytes` (undefined: keep everything and append). Unless `followSymlinks`, the
   * file is opened with O_NOFOLLOW: a symbolic link at `path` is refused (ConfigError CSV_SYMLINK), so rows never
   * land, and a restart never truncates, outside the output directory.
   */
  static async open(
    path: string,
    keepBytes: number | undefined,
    gzip: boolean,
    followSymlinks = false,
  ): Promise<OutputFile> {
    await ensureDirectory(dirname(path));
    const noFollow = followSymlinks ? 0 : constants.O_NOFOLLOW;
    let created = false;
    let handle: FileHandle;
    try {
      try {
        handle = await open(path, constants.O_RDWR | noFollow);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        // O_EXCL would refuse a dangling link the config allows; without links it keeps a racing creator out.
        const exclusive = followSymlinks ? 0 : constants.O_EXCL;
        handle = await open(path, constants.O_RDWR | constants.O_CREAT | exclusive | noFollow, 0o644);
        created = true;
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ELOOP" && !followSymlinks)
        throw new ConfigError(
          `csv: ${path} is a symbolic link; taxiway does not write through links (remove it, or set follow_symlinks: true on the sink)`,
          { code: "CSV_SYMLINK", details: { path } },
        );
      throw error;
    }
    const { size } = await handle.stat();
    const keep = keepBytes === undefined ? size : Math.min(keepBytes, size);
    if (keep < size) await handle.truncate(keep);
    return new OutputFile(path, handle, keep, gzip, created);
  }

  /** Bytes on disk plus bytes buffered (uncompressed, for gzip). */
  get length(): number {
    return this.size + this.#pending.length;
  }

  get isEmpty(): boolean {
    return this.length === 0;
  }

  /** Bytes on disk after the last `sync()`. */
  get committedSize(): number {
    return this.size;
  }

  append(text: string): void {
    this.#pending.append(text);
  }

  get pendingBytes(): number {
    return this.#pending.length;
  }

  /**
   * Writes what is buffered (without fsync). On failure nothing is lost: the buffer is kept whole, and whatever
   * part of it reached the disk is cut off before the next write, so a retry writes it again at the same offset.
   */
  async spill(): Promise<void> {
    await this.#cutTornTail();
    if (this.#pending.length === 0) return;
    try {
      this.#dirty = true;
      this.#torn = true;
      this.size += await writeBytesAt(this.handle, this.#pending.view(), this.size, this.gzip);
      this.#torn = false;
    } catch (error) {
      await this.#cutTornTail().catch(() => {});
      throw error;
    }
    this.#pending.clear();
  }

  /** Where the file stands now (on disk and buffered). */
  mark(): FileMark {
    return { size: this.size, pending: this.#pending.copy() };
  }

  /**
   * Takes the file back to `mark`: what was buffered then is buffered again, and bytes written since are cut off
   * (now, or before the next write if the cut fails).
   */
  async rollback(mark: FileMark): Promise<void> {
    this.#pending.restore(mark.pending);
    if (this.size !== mark.size) {
      this.size = mark.size;
      this.#torn = true;
    }
    await this.#cutTornTail().catch(() => {});
  }

  async #cutTornTail(): Promise<void> {
    if (!this.#torn) return;
    await this.handle.truncate(this.size);
    this.#dirty = true;
    this.#torn = false;
  }

  /** Everything buffered is on disk and fsync'ed. */
  async sync(): Promise<void> {
    await this.spill();
    if (this.#dirty) {
      await this.handle.sync();
      this.#dirty = false;
    }
  }

  /** Closes the file without writing what is buffered (a rotation being taken back). */
  async discard(): Promise<void> {
    this.#pending.release();
    await this.handle.close();
  }

  async close(): Promise<void> {
    await this.sync();
    this.#pending.release();
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
