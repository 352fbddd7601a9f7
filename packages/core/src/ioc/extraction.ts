import type { IocRecord, TlpLevel } from "./record.js";

export interface ExtractionContext {
  /** Feed name stamped on every record (`source_feed`). */
  feed: string;
  /** Collection as configured (`source_collection`). */
  collection: string;
  /** The server's date_added for the object, when the source knows it. */
  dateAdded?: string;
  /**
   * TLP of marking-definition objects seen so far in the feed, by id. Well-known TLP 1.0 / 2.0
   * marking-definition ids are resolved without it.
   */
  markings?: ReadonlyMap<string, TlpLevel>;
  /** Refang defanged values (`hxxp`, `[.]`, `[:]`, `[@]`…), keeping the feed's text in `value_original`. Default true. */
  refang?: boolean;
}

/** Why an object (or one observable of it) could not become an IOC. Goes to the dead-letter file. */
export interface ExtractionProblem {
  /**
   * Stable code: `PATTERN_SYNTAX`, `INVALID_VALUE` (one comparison or SCO value), `PATTERN_TOO_COMPLEX` (over the
   * expansion limit; what could be extracted was), `MISSING_PATTERN`, `MISSING_ID`, `EXTRACTION_FAILED` (a taxiway defect).
   */
  code: string;
  message: string;
  /** Character offset in the pattern, for syntax errors. */
  offset?: number;
}

export interface ExtractionResult {
  records: IocRecord[];
  /**
   * Comparisons that are not exact matches (LIKE, MATCHES, !=, ranges, NOT…): reported, never turned into IOCs; and
   * conjunctions that pin one property to several values (each value is an IOC of its own).
   */
  nonAtomic: number;
  /** Comparisons on custom or unknown object types and properties: grammatical, no IOC (summary `non_standard`). */
  nonStandard: number;
  /** Dead-lettered with the object; the records are delivered all the same. */
  problems: ExtractionProblem[];
  /** Logged, not dead-lettered: nothing was lost (codes NON_STANDARD_PATH, REPEATED_PROPERTY). */
  warnings: ExtractionProblem[];
}
