import { rm } from "node:fs/promises";
import type { FileMark, OutputFile } from "./output-file.js";
import type { CsvFileState } from "./state.js";

interface RotatedSlot {
  entry: CsvFileState;
  file: OutputFile;
}

/**
 * What one `write` call changed, to take it back when the call fails: the mark of every file it touched (taken
 * before its first row) and every rotation it made. `run` undoes rotations newest first, then rolls files back.
 */
export class WriteUndo {
  readonly #marks = new Map<OutputFile, FileMark>();
  readonly #rotations: Array<() => Promise<void>> = [];

  remember(file: OutputFile): void {
    if (!this.#marks.has(file)) this.#marks.set(file, file.mark());
  }

  /** Call just before `slot` rotates: the undo puts the old file back and removes the new one. */
  rotation(slot: RotatedSlot, retired: OutputFile[]): void {
    const before = { file: slot.file, entry: { ...slot.entry } };
    this.#rotations.push(async () => {
      const created = slot.file;
      if (created === before.file) return;
      await created.discard().catch(() => {});
      await rm(created.path, { force: true }).catch(() => {});
      const at = retired.lastIndexOf(before.file);
      if (at >= 0) retired.splice(at, 1);
      slot.file = before.file;
      Object.assign(slot.entry, before.entry);
    });
  }

  async run(): Promise<void> {
    for (const undo of this.#rotations.reverse()) await undo();
    for (const [file, mark] of this.#marks) await file.rollback(mark);
  }
}
