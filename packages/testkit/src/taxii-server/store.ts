import type { StixObject } from "@taxiway/core";
import type { FixtureCollection } from "./options.js";
import { defaultDateAdded, timestampKey } from "./timestamps.js";

export interface StoredObject {
  object: StixObject;
  id: string;
  type: string;
  version: string;
  dateAdded: string;
  /** date_added as epoch µs, for ordering and `added_after`. */
  addedKey: number;
}

export interface ObjectFilter {
  addedAfter?: number;
  types?: ReadonlySet<string>;
  ids?: ReadonlySet<string>;
  /** `last` (TAXII default), `first`, `all`, or explicit versions. */
  versions: "last" | "first" | "all" | ReadonlySet<string>;
  specVersions?: ReadonlySet<string>;
}

export interface ScanResult {
  items: StoredObject[];
  /** Where the next page's scan starts, or undefined when nothing is left. */
  resumeAt?: number;
}

function versionOf(object: StixObject, dateAdded: string): string {
  const modified = (object as { modified?: unknown }).modified;
  const created = (object as { created?: unknown }).created;
  if (typeof modified === "string") return modified;
  if (typeof created === "string") return created;
  return dateAdded;
}

/** One collection's objects in date_added order, with the version bookkeeping `match[version]` needs. */
export class CollectionStore {
  readonly info: FixtureCollection;
  private readonly entries: StoredObject[] = [];
  private readonly latest = new Map<string, string>();
  private readonly earliest = new Map<string, string>();
  private readonly dateAddedOf: (index: number, object: StixObject) => string;

  constructor(info: FixtureCollection) {
    this.info = info;
    this.dateAddedOf = info.dateAdded ?? ((index) => defaultDateAdded(index));
    info.objects.forEach((object) => {
      this.add(object);
    });
  }

  get size(): number {
    return this.entries.length;
  }

  add(object: StixObject, dateAdded?: string): StoredObject {
    const added = dateAdded ?? this.dateAddedOf(this.entries.length, object);
    const addedKey = timestampKey(added);
    if (addedKey === undefined) throw new Error(`fixture: date_added ${added} is not an RFC 3339 timestamp`);
    const last = this.entries.at(-1);
    if (last && addedKey < last.addedKey) throw new Error("fixture: date_added must not decrease");
    const id = typeof object.id === "string" ? object.id : `invalid--${this.entries.length}`;
    const type = typeof object.type === "string" ? object.type : "";
    const entry: StoredObject = {
      object,
      id,
      type,
      version: versionOf(object, added),
      dateAdded: added,
      addedKey,
    };
    this.entries.push(entry);
    const latest = this.latest.get(id);
    if (latest === undefined || entry.version > latest) this.latest.set(id, entry.version);
    const earliest = this.earliest.get(id);
    if (earliest === undefined || entry.version < earliest) this.earliest.set(id, entry.version);
    return entry;
  }

  /** Index of the first entry added strictly after `key` (binary search). */
  private firstAfter(key: number | undefined): number {
    if (key === undefined) return 0;
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.entries[mid] as StoredObject).addedKey <= key) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private matches(entry: StoredObject, filter: ObjectFilter): boolean {
    if (filter.types && !filter.types.has(entry.type)) return false;
    if (filter.ids && !filter.ids.has(entry.id)) return false;
    if (filter.specVersions) {
      const spec = (entry.object as { spec_version?: unknown }).spec_version;
      if (!filter.specVersions.has(typeof spec === "string" ? spec : "2.0")) return false;
    }
    const versions = filter.versions;
    if (versions === "all") return true;
    if (versions === "last") return this.latest.get(entry.id) === entry.version;
    if (versions === "first") return this.earliest.get(entry.id) === entry.version;
    return versions.has(entry.version);
  }

  /** TAXII 2.0 `Range: items a-b` paging: matching entries `first`..`last` (0-based) and how many match in all. */
  range(filter: ObjectFilter, first: number, last: number): { items: StoredObject[]; total: number } {
    const items: StoredObject[] = [];
    let total = 0;
    for (let index = this.firstAfter(filter.addedAfter); index < this.entries.length; index++) {
      const entry = this.entries[index] as StoredObject;
      if (!this.matches(entry, filter)) continue;
      if (total >= first && total <= last) items.push(entry);
      total++;
    }
    return { items, total };
  }

  /** Up to `limit` matching entries, starting at `from` (a resume position) or after `filter.addedAfter`. */
  scan(filter: ObjectFilter, limit: number, from?: number): ScanResult {
    const items: StoredObject[] = [];
    let index = from ?? this.firstAfter(filter.addedAfter);
    for (; index < this.entries.length && items.length < limit; index++) {
      const entry = this.entries[index] as StoredObject;
      if (this.matches(entry, filter)) items.push(entry);
    }
    for (; index < this.entries.length; index++) {
      if (this.matches(this.entries[index] as StoredObject, filter)) return { items, resumeAt: index };
    }
    return { items };
  }

  versionsOf(id: string): StoredObject[] {
    return this.entries.filter((entry) => entry.id === id);
  }

  remove(id: string): number {
    let removed = 0;
    for (let index = this.entries.length - 1; index >= 0; index--) {
      if ((this.entries[index] as StoredObject).id === id) {
        this.entries.splice(index, 1);
        removed++;
      }
    }
    this.latest.delete(id);
    this.earliest.delete(id);
    return removed;
  }
}
