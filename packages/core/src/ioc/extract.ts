import { PatternSyntaxError } from "../stix/pattern/errors.js";
import type { ExternalReference, KillChainPhase, StixObject } from "../stix/types.js";
import type { ExtractionContext, ExtractionProblem, ExtractionResult } from "./extraction.js";
import { iocKey } from "./key.js";
import type { Observable } from "./observables.js";
import { observablesOfPattern, type PatternObservables } from "./pattern-observables/index.js";
import type { IocRecord } from "./record.js";
import { embeddedObservables, scoObservables } from "./sco.js";
import { tlpOf } from "./tlp.js";

const SCO_TYPES = new Set([
  "ipv4-addr",
  "ipv6-addr",
  "domain-name",
  "url",
  "email-addr",
  "mac-addr",
  "file",
  "artifact",
  "x509-certificate",
  "autonomous-system",
  "mutex",
  "directory",
  "windows-registry-key",
  "process",
  "user-account",
  "software",
]);

/** Records share these instead of allocating an empty array each; nothing writes to a record's arrays. */
const NO_STRINGS: string[] = Object.freeze([]) as unknown as string[];
const NO_PHASES: KillChainPhase[] = Object.freeze([]) as unknown as KillChainPhase[];
const NO_REFERENCES: ExternalReference[] = Object.freeze([]) as unknown as ExternalReference[];

const str = (value: unknown) => (typeof value === "string" ? value : undefined);

/**
 * Kill-chain phases and external references are copied field by field (STIX 2.1 §2.8, §2.5), never as sent: a
 * record carries only strings there, so no sink serialises a feed's arbitrary nesting.
 */
function killChainPhases(value: unknown): KillChainPhase[] {
  if (!Array.isArray(value) || value.length === 0) return NO_PHASES;
  const phases: KillChainPhase[] = [];
  for (const item of value) {
    const kill_chain_name = str((item as KillChainPhase | null)?.kill_chain_name);
    const phase_name = str((item as KillChainPhase | null)?.phase_name);
    if (kill_chain_name !== undefined && phase_name !== undefined)
      phases.push({ kill_chain_name, phase_name });
  }
  return phases;
}

function externalReferences(value: unknown): ExternalReference[] {
  if (!Array.isArray(value) || value.length === 0) return NO_REFERENCES;
  const references: ExternalReference[] = [];
  for (const item of value) {
    if (typeof item !== "object" || item === null) continue;
    const source = item as Record<string, unknown>;
    const source_name = str(source.source_name);
    if (source_name === undefined) continue;
    const reference: ExternalReference = { source_name };
    for (const field of ["description", "url", "external_id"] as const) {
      const text = str(source[field]);
      if (text !== undefined) reference[field] = text;
    }
    if (typeof source.hashes === "object" && source.hashes !== null) {
      const hashes: Record<string, string> = {};
      for (const [name, digest] of Object.entries(source.hashes))
        if (typeof digest === "string" && name !== "__proto__") hashes[name] = digest;
      reference.hashes = hashes;
    }
    references.push(reference);
  }
  return references;
}
const isString = (v: unknown): v is string => typeof v === "string";

/** The strings of a list property; the feed's own array when it holds only strings (the usual case: no copy). */
function strings(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) return NO_STRINGS;
  return value.every(isString) ? value : value.filter(isString);
}

/** Context shared by every record of one object, computed once per object. */
interface ObjectContext {
  object: StixObject;
  revoked: boolean;
  tlp: ReturnType<typeof tlpOf>;
  context: ExtractionContext;
}

function objectContext(object: StixObject, context: ExtractionContext): ObjectContext {
  return {
    object,
    revoked: object.revoked === true,
    tlp: tlpOf(object.object_marking_refs, context.markings),
    context,
  };
}

// One fixed object shape (optional fields present as undefined) keeps record building on V8's fast path.
function record(shared: ObjectContext, observable: Observable): IocRecord {
  const { object, revoked, tlp, context } = shared;
  return {
    key: iocKey(object.id, observable.type, observable.value),
    type: observable.type,
    value: observable.value,
    value_original: observable.value_original,
    action: revoked ? "delete" : "upsert",
    hashes: observable.hashes,
    file_name: observable.file_name,
    file_size: observable.file_size,
    observable: observable.observable,
    stix_id: object.id,
    stix_type: object.type,
    name: str(object.name),
    description: str(object.description),
    indicator_types: strings(object.indicator_types),
    labels: strings(object.labels),
    confidence: typeof object.confidence === "number" ? object.confidence : undefined,
    tlp: tlp.tlp,
    tlp_version: tlp.tlp_version,
    valid_from: str(object.valid_from),
    valid_until: str(object.valid_until),
    expires_at: undefined,
    created: str(object.created),
    modified: str(object.modified) ?? str(object.created),
    revoked,
    kill_chain_phases: killChainPhases(object.kill_chain_phases),
    external_references: externalReferences(object.external_references),
    created_by_ref: str(object.created_by_ref),
    pattern: str(object.pattern),
    pattern_type: str(object.pattern_type) ?? (object.type === "indicator" ? "stix" : undefined),
    source_feed: context.feed,
    source_collection: context.collection,
    date_added: context.dateAdded,
  };
}

function records(
  object: StixObject,
  observables: readonly Observable[],
  context: ExtractionContext,
): IocRecord[] {
  if (observables.length === 0) return [];
  const shared = objectContext(object, context);
  return observables.map((observable) => record(shared, observable));
}

function invalidValues(reasons: readonly string[]): ExtractionProblem[] {
  return reasons.map((message) => ({ code: "INVALID_VALUE", message }));
}

/** A result without records: the object yields nothing, for the reason given (none: nothing to report). */
function nothing(problem?: ExtractionProblem): ExtractionResult {
  return { records: [], nonAtomic: 0, nonStandard: 0, problems: problem ? [problem] : [], warnings: [] };
}

function only(records: IocRecord[], problems: ExtractionProblem[]): ExtractionResult {
  return { records, nonAtomic: 0, nonStandard: 0, problems, warnings: [] };
}

function fromIndicator(object: StixObject, context: ExtractionContext): ExtractionResult {
  const pattern = object.pattern;
  if (typeof pattern !== "string" || pattern.trim() === "")
    return nothing({ code: "MISSING_PATTERN", message: "the indicator has no pattern" });
  const patternType = str(object.pattern_type) ?? "stix";
  if (patternType !== "stix") {
    return only(
      records(object, [{ type: "rule", value: pattern, observable: { rule_type: patternType } }], context),
      [],
    );
  }
  let extracted: PatternObservables;
  try {
    extracted = observablesOfPattern(pattern, { refang: context.refang ?? true });
  } catch (error) {
    if (error instanceof PatternSyntaxError)
      return nothing({ code: "PATTERN_SYNTAX", message: error.message, offset: error.offset });
    throw error;
  }
  const { observables, nonAtomic, nonStandard, problems, warnings } = extracted;
  return { records: records(object, observables, context), nonAtomic, nonStandard, problems, warnings };
}

/**
 * The IOCs of one STIX object: an indicator's pattern (parsed with the full grammar), an SCO shipped directly, or
 * the SCOs embedded in observed-data. Non-STIX pattern types become `rule` records. Never throws: what cannot
 * become an IOC is returned as a problem (the runner dead-letters it), and so is a failure of taxiway's own code.
 */
export function extractFromObject(object: StixObject, context: ExtractionContext): ExtractionResult {
  try {
    return withoutReplacementCharacters(extract(object, context));
  } catch (error) {
    // A defect in taxiway, not in the feed: the object is kept in the dead-letter file with the cause, and the
    // rest of the page (and the feed's cursor) moves on instead of the job failing on it at every run.
    const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return nothing({
      code: "EXTRACTION_FAILED",
      message: `taxiway failed to extract this object (${cause}); please report it with the dead-lettered object`,
    });
  }
}

/**
 * An IOC value holding U+FFFD is not the value the feed meant: the server sent bytes that are not UTF-8 (decoding
 * replaced them). Such records become INVALID_VALUE problems (dead-lettered) instead of wrong IOCs nobody notices.
 */
function withoutReplacementCharacters(result: ExtractionResult): ExtractionResult {
  if (!result.records.some((record) => record.value.includes("\uFFFD"))) return result;
  const problems = [...result.problems];
  const records = result.records.filter((record) => {
    if (!record.value.includes("\uFFFD")) return true;
    problems.push({
      code: "INVALID_VALUE",
      message: `the ${record.type} value '${record.value.slice(0, 120)}' holds U+FFFD: the server sent bytes that are not valid UTF-8 there`,
    });
    return false;
  });
  return { ...result, records, problems };
}

function extract(object: StixObject, context: ExtractionContext): ExtractionResult {
  if (typeof object.id !== "string" || object.id === "")
    return nothing({ code: "MISSING_ID", message: "the object has no id" });
  if (object.type === "indicator") return fromIndicator(object, context);
  if (SCO_TYPES.has(object.type)) {
    const { observables, problems } = scoObservables(object, context.refang ?? true);
    return only(records(object, observables, context), invalidValues(problems));
  }
  if (object.type === "observed-data") {
    const { observables, problems } = embeddedObservables(object, context.refang ?? true);
    return only(records(object, observables, context), invalidValues(problems));
  }
  return nothing();
}

const PATTERN_HOLDER_ID = "indicator--00000000-0000-4000-8000-000000000000";

/** The IOCs of a bare pattern (as `taxiway extract` shows them): an indicator holding only the pattern. */
export function extractFromPattern(
  pattern: string,
  context: ExtractionContext = { feed: "pattern", collection: "pattern" },
): ExtractionResult {
  return extractFromObject(
    { type: "indicator", spec_version: "2.1", id: PATTERN_HOLDER_ID, pattern, pattern_type: "stix" },
    context,
  );
}
