import type { Observable, ObservableSink } from "../observables.js";
import type { HashMap } from "../record.js";

/** Beyond this many IOCs in one pattern (large IN sets), duplicates are found through an index instead of a scan. */
const SCAN_LIMIT = 16;

/** Why one comparison (or the pattern's expansion) gave no IOC, with a stable code. */
export interface PatternIssue {
  /** `INVALID_VALUE` (a value that cannot be an IOC of its type), `PATTERN_TOO_COMPLEX` (over the expansion limit). */
  code: string;
  message: string;
}

/** What one pattern yields. */
export interface PatternObservables {
  observables: Observable[];
  /** Comparisons that are not exact matches, and conjunctions that pin one property to several values. */
  nonAtomic: number;
  /** Comparisons on object types or properties outside the STIX 2.1 vocabulary (custom or unknown): no IOC. */
  nonStandard: number;
  /** Comparisons that failed (dead-lettered with the object, which is still delivered). */
  problems: PatternIssue[];
  /** What the feed should know but what loses nothing: non-standard paths, repeated properties (logged). */
  warnings: PatternIssue[];
}

function sameHashes(a: HashMap | undefined, b: HashMap | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  for (const name of names) if (a[name] !== b[name]) return false;
  return true;
}

function sameContext(a: Observable["observable"], b: Observable["observable"]): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

// Everything an IOC carries counts: a file known by one hash under two names (`md5 AND (name = a OR name = b)`) is
// two IOCs, or a name would be lost.
const sameObservable = (a: Observable, b: Observable) =>
  a.type === b.type &&
  a.value === b.value &&
  a.file_name === b.file_name &&
  a.file_size === b.file_size &&
  sameHashes(a.hashes, b.hashes) &&
  sameContext(a.observable, b.observable);

/** Adds an issue unless one with the same code and message is there (a pattern repeating a bad value reports it once). */
function addIssue(issues: PatternIssue[], code: string, message: string): void {
  for (const issue of issues) if (issue.code === code && issue.message === message) return;
  issues.push({ code, message });
}

const identity = (observable: Observable) => `${observable.type}\u0000${observable.value}`;

/** What one pattern yields: IOCs without duplicates (the same IOC pinned twice counts once), problems, non-atomic count. */
export class PatternSink implements ObservableSink, PatternObservables {
  readonly observables: Observable[] = [];
  readonly problems: PatternIssue[] = [];
  readonly warnings: PatternIssue[] = [];
  nonAtomic = 0;
  nonStandard = 0;
  private index: Map<string, Observable[]> | undefined;

  /** With `refangs`, defanged values are extracted in their live form (normalize/refang.ts). */
  constructor(readonly refangs = true) {}

  observable(observable: Observable): void {
    if (this.observables.length < SCAN_LIMIT) {
      for (const known of this.observables) if (sameObservable(known, observable)) return;
    } else if (!this.indexed(observable)) return;
    this.observables.push(observable);
  }

  problem(reason: string, code = "INVALID_VALUE"): void {
    addIssue(this.problems, code, reason);
  }

  warning(code: string, message: string): void {
    addIssue(this.warnings, code, message);
  }

  /** A comparison on a path outside the vocabulary: counted, warned, no IOC. */
  nonStandardPath(reason: string): void {
    this.nonStandard++;
    this.warning("NON_STANDARD_PATH", `${reason}: no IOC`);
  }

  /** Adds the observable to the index; false when an equal one is already there. */
  private indexed(observable: Observable): boolean {
    if (!this.index) {
      this.index = new Map();
      for (const known of this.observables) this.indexed(known);
    }
    const key = identity(observable);
    const bucket = this.index.get(key);
    if (!bucket) this.index.set(key, [observable]);
    else if (bucket.some((known) => sameObservable(known, observable))) return false;
    else bucket.push(observable);
    return true;
  }

  result(): PatternObservables {
    return {
      observables: this.observables,
      nonAtomic: this.nonAtomic,
      nonStandard: this.nonStandard,
      problems: this.problems,
      warnings: this.warnings,
    };
  }
}
