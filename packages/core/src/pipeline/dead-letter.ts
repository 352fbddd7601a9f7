import type { FileHandle } from "node:fs/promises";
import { open } from "node:fs/promises";
import { dirname } from "node:path";
import { ensureDirectory } from "../fs/index.js";

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

  add(entry: DeadLetterEntry): void {
    this.count++;
    this.pending.push(`${JSON.stringify({ time: new Date().toISOString(), job: this.job, ...entry })}\n`);
  }

  /** Forget what is pending (a dry run writes nothing). */
  discard(): void {
    this.pending = [];
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    if (!this.handle) {
      await ensureDirectory(dirname(this.path));
      this.handle = await open(this.path, "a", 0o600);
    }
    const text = this.pending.join("");
    this.pending = [];
    await this.handle.write(text);
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle?.close();
    this.handle = undefined;
  }
}
