import type { FileHandle } from "node:fs/promises";
import { open } from "node:fs/promises";
import { dirname } from "node:path";
import { ensureDirectory } from "../fs/index.js";
import { deadLetterExcerpt } from "./excerpt.js";

export interface DeadLetterEntry {
  stage: "decode" | "extract" | "sink";
  code: string;
  message: string;
  collection: string;
  stix_id?: string;
  sink?: string;
  /** The object or record that could not be handled, as it was. */
  item: unknown;
}

/** Appends one JSON line per entry; `flush` fsyncs, and the runner calls it before committing a page. */
export class DeadLetterFile {
  private handle?: FileHandle;
  private pending: string[] = [];
  count = 0;

  constructor(
    readonly path: string,
    private readonly job: string,
  ) {}

  /** Queues one line; the item is kept as a bounded excerpt (`truncated: true` when something was cut). */
  add(entry: DeadLetterEntry): void {
    this.count++;
    const { item, truncated } = deadLetterExcerpt(entry.item);
    const line = {
      time: new Date().toISOString(),
      job: this.job,
      ...entry,
      item,
      ...(truncated ? { truncated } : {}),
    };
    this.pending.push(`${JSON.stringify(line)}\n`);
  }

  /** Forget what is pending (a dry run writes nothing; a failed run's uncommitted page is read again next time). */
  discard(): void {
    this.pending = [];
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    if (!this.handle) {
      await ensureDirectory(dirname(this.path));
      this.handle = await open(this.path, "a", 0o600);
    }
    // Entries leave the buffer only once written: a failed flush (ENOSPC) keeps them for the next one.
    const count = this.pending.length;
    await this.handle.write(this.pending.join(""));
    await this.handle.sync();
    this.pending.splice(0, count);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle?.close();
    this.handle = undefined;
  }
}
