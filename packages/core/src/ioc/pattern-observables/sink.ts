import type { Observable, ObservableSink } from "../observables.js";
import type { HashMap } from "../record.js";

/** Beyond this many IOCs in one pattern (large IN sets), duplicates are found through an index instead of a scan. */
const SCAN_LIMIT = 16;

export interface PatternObservables {
  observables: Observable[];
  nonAtomic: number;
  problems: string[];
}

function sameHashes(a: HashMap | undefined, b: HashMap | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  for (const name of names) if (a[name] !== b[name]) return false;
  return true;
}

const sameObservable = (a: Observable, b: Observable) =>
  a.type === b.type && a.value === b.value && sameHashes(a.hashes, b.hashes);

const identity = (observable: Observable) => `${observable.type}\u0000${observable.value}`;

/** What one pattern yields: IOCs without duplicates (the same IOC pinned twice counts once), problems, non-atomic count. */
export class PatternSink implements ObservableSink, PatternObservables {
  readonly observables: Observable[] = [];
  readonly problems: string[] = [];
  nonAtomic = 0;
  private index: Map<string, Observable[]> | undefined;

  observable(observable: Observable): void {
    if (this.observables.length < SCAN_LIMIT) {
      for (const known of this.observables) if (sameObservable(known, observable)) return;
    } else if (!this.indexed(observable)) return;
    this.observables.push(observable);
  }

  problem(reason: string): void {
    if (!this.problems.includes(reason)) this.problems.push(reason);
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
    return { observables: this.observables, nonAtomic: this.nonAtomic, problems: this.problems };
  }
}
