/** What the sink returns from `flush()` and gets back as `context.state`: the committed size of every file. */
export interface CsvFileState {
  /** Absolute path of the file currently written for this name. */
  path: string;
  /** Bytes durably written and committed; anything past this is a torn tail from a crashed run. */
  offset: number;
  /** Rotation sequence (0 = the base name). */
  seq: number;
  /** UTC day the name was expanded for, when it depends on the date. */
  date?: string;
}

export interface CsvSinkState {
  format: 1;
  files: Record<string, CsvFileState>;
  /**
   * With write_deletes: the earliest expiry (`expires_at`) of any live line of the expiry ledger, `null` when no line
   * has one. Absent (a state from an older taxiway): unknown. Lets a sweep without `expire_after` skip reading the
   * ledger when nothing in it can have expired.
   */
  next_expiry?: string | null;
}

export function readState(state: unknown): CsvSinkState | undefined {
  if (typeof state !== "object" || state === null) return undefined;
  const candidate = state as Partial<CsvSinkState>;
  if (candidate.format !== 1 || typeof candidate.files !== "object" || candidate.files === null)
    return undefined;
  const files: Record<string, CsvFileState> = Object.create(null);
  for (const [name, entry] of Object.entries(candidate.files)) {
    if (
      typeof entry?.path === "string" &&
      Number.isSafeInteger(entry.offset) &&
      entry.offset >= 0 &&
      Number.isSafeInteger(entry.seq)
    ) {
      files[name] = { ...entry };
    }
  }
  const nextExpiry = candidate.next_expiry;
  return {
    format: 1,
    files,
    ...(nextExpiry === null || typeof nextExpiry === "string" ? { next_expiry: nextExpiry } : {}),
  };
}
