/** UTF-8 needs at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units, a lone one: 3). */
const MAX_BYTES_PER_UNIT = 3;
const INITIAL_BYTES = 16 * 1024;

/**
 * Text encoded as UTF-8 as it is appended, into one buffer reused from batch to batch: each piece is encoded once,
 * its byte length comes with it, and a batch is written as it stands, without joining strings first. The buffer grows
 * to the largest batch (it starts small, so a file that gets few rows holds little).
 */
export class TextBytes {
  #buffer = Buffer.allocUnsafe(0);
  #length = 0;

  /** Bytes held. */
  get length(): number {
    return this.#length;
  }

  /** Appends `text` as UTF-8 (a lone surrogate becomes U+FFFD, as Buffer.from does). Returns its byte length. */
  append(text: string): number {
    if (text.length * MAX_BYTES_PER_UNIT > this.#buffer.length - this.#length)
      this.#grow(text.length * MAX_BYTES_PER_UNIT);
    const written = this.#buffer.write(text, this.#length, "utf8");
    this.#length += written;
    return written;
  }

  /** The bytes held, as a view: valid until the next `append`, `clear` or `restore`. */
  view(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }

  /** A copy of the bytes held (what `restore` takes back). */
  copy(): Buffer {
    return Buffer.from(this.view());
  }

  /** Holds exactly `bytes` again. */
  restore(bytes: Uint8Array): void {
    this.#length = 0;
    if (bytes.length > this.#buffer.length) this.#grow(bytes.length);
    this.#buffer.set(bytes, 0);
    this.#length = bytes.length;
  }

  clear(): void {
    this.#length = 0;
  }

  /** Lets the buffer go (a closed file). */
  release(): void {
    this.#buffer = Buffer.allocUnsafe(0);
    this.#length = 0;
  }

  #grow(needed: number): void {
    const capacity = Math.max(INITIAL_BYTES, this.#buffer.length * 2, this.#length + needed);
    const grown = Buffer.allocUnsafe(capacity);
    this.#buffer.copy(grown, 0, 0, this.#length);
    this.#buffer = grown;
  }
}
