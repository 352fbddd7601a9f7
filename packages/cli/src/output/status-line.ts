import type { TextSink } from "@taxiway/core";

const CLEAR_LINE = "\r\x1b[K";

/**
 * stderr shared by log records and a one-line progress display. On a terminal the progress line is redrawn in
 * place; a log record first clears it and then redraws it below, so a record never shares a line with it.
 * Off a terminal `show` does nothing and records pass straight through.
 */
export class StatusLine implements TextSink {
  readonly isTTY: boolean;
  private shown = "";

  constructor(private readonly stream: TextSink & { columns?: number }) {
    this.isTTY = stream.isTTY === true;
  }

  write(text: string): void {
    if (!this.shown) {
      this.stream.write(text);
      return;
    }
    this.stream.write(`${CLEAR_LINE}${text}${text.endsWith("\n") ? "" : "\n"}${this.shown}`);
  }

  /** Draws `text` as the progress line (terminals only). */
  show(text: string): void {
    if (!this.isTTY) return;
    // A line wider than the terminal wraps, and clearing it would then leave its first rows behind.
    const width = this.stream.columns;
    this.shown = width && text.length >= width ? `${text.slice(0, width - 2)}…` : text;
    this.stream.write(`${CLEAR_LINE}${this.shown}`);
  }

  /** Removes the progress line, leaving the cursor at the start of an empty line. */
  clear(): void {
    if (!this.shown) return;
    this.shown = "";
    this.stream.write(CLEAR_LINE);
  }
}
