import type { EqualityScan } from "../../stix/pattern/equality-scanner.js";
import { ObservationScan } from "../../stix/pattern/observation-scanner.js";
import { vocabularyProblemOf } from "../../stix/pattern/vocabulary.js";
import { hashAlgorithm, normalizeHash, refang } from "../normalize/index.js";
import { extractObservables, livePin, type Observable, strongest, valueIoc } from "../observables.js";
import type { HashMap } from "../record.js";
import { type PatternObservables, PatternSink } from "./sink.js";
import { conjunction, type ExactPin } from "./walk.js";

/**
 * The IOC of `type:value` on an address-like type or of `file|artifact:hashes.ALG` (a known algorithm), straight
 * from the scan: the observable, or why its value is refused; undefined for other paths.
 */
function directObservable(
  { objectType, steps, stepCount, value }: EqualityScan,
  refangs: boolean,
): Observable | string | undefined {
  if (stepCount === 1 && steps[0] === "value") {
    const live = refangs ? refang(value) : value;
    const ioc = valueIoc(objectType, live);
    if (!ioc) return undefined;
    if (!ioc.ok) return ioc.reason;
    const observable: Observable = { type: ioc.type, value: ioc.value };
    if (live !== value) observable.value_original = value;
    return observable;
  }
  const algorithm = steps[1];
  if (
    stepCount === 2 &&
    steps[0] === "hashes" &&
    (objectType === "file" || objectType === "artifact") &&
    algorithm !== undefined &&
    hashAlgorithm(algorithm)
  ) {
    const hash = normalizeHash(algorithm, value);
    if (!hash.ok) return hash.reason;
    const hashes: HashMap = {};
    hashes[hash.name] = hash.value;
    return { type: objectType, value: hash.value, hashes };
  }
  return undefined;
}

/** The pin a scanned equality makes, as the walker's exactPins would; undefined (and a problem) outside the vocabulary. */
function pinOf(scan: EqualityScan, sink: PatternSink): ExactPin | undefined {
  const problem = vocabularyProblemOf(scan.objectType, scan.steps[0]);
  if (problem) {
    sink.nonStandardPath(problem);
    return undefined;
  }
  let path = scan.steps[0] as string;
  for (let k = 1; k < scan.stepCount; k++) path += `.${scan.steps[k]}`;
  const pin = { objectType: scan.objectType, path, value: scan.value };
  return sink.refangs ? livePin(pin) : pin;
}

/** One comparison of an OR list (or a lone one): an IOC of its own. */
function alternative(scan: EqualityScan, sink: PatternSink): void {
  const direct = directObservable(scan, sink.refangs);
  if (typeof direct === "string") sink.problem(direct);
  else if (direct) sink.observable(direct);
  else {
    const pin = pinOf(scan, sink);
    if (pin) extractObservables(pin.objectType, [pin], sink);
  }
}

/** A known hash of `objectType` (a file or an artifact), as in `file:hashes.MD5`. */
const isHashOf = (objectType: string, { objectType: type, steps, stepCount }: EqualityScan) =>
  type === objectType && stepCount === 2 && steps[0] === "hashes" && hashAlgorithm(steps[1] as string);

/** Whether two of the hash comparisons pin one algorithm to different values (the general route splits those). */
function pinsOneAlgorithmTwice(comparisons: EqualityScan[], count: number): boolean {
  for (let i = 1; i < count; i++)
    for (let j = 0; j < i; j++) {
      const a = comparisons[i] as EqualityScan;
      const b = comparisons[j] as EqualityScan;
      if (
        hashAlgorithm(a.steps[1] as string) === hashAlgorithm(b.steps[1] as string) &&
        a.value.toLowerCase() !== b.value.toLowerCase()
      )
        return true;
    }
  return false;
}

/**
 * `[file:hashes.MD5 = '…' AND file:hashes.'SHA-256' = '…']`, the usual conjunction: one file known by its strongest
 * hash, straight from the scans. False (nothing extracted) for any other conjunction.
 */
function hashConjunction(comparisons: EqualityScan[], count: number, sink: PatternSink): boolean {
  const objectType = (comparisons[0] as EqualityScan).objectType;
  if (objectType !== "file" && objectType !== "artifact") return false;
  for (let k = 0; k < count; k++) if (!isHashOf(objectType, comparisons[k] as EqualityScan)) return false;
  if (pinsOneAlgorithmTwice(comparisons, count)) return false;
  let hashes: HashMap | undefined;
  for (let k = 0; k < count; k++) {
    const { steps, value } = comparisons[k] as EqualityScan;
    const hash = normalizeHash(steps[1] as string, value);
    if (!hash.ok) sink.problem(hash.reason);
    else {
      hashes ??= {};
      hashes[hash.name] = hash.value;
    }
  }
  if (hashes) sink.observable({ type: objectType, value: strongest(hashes) as string, hashes });
  return true;
}

function observation({ comparisons, count, conjunctive }: ObservationScan, sink: PatternSink): void {
  if (!conjunctive) {
    for (let k = 0; k < count; k++) alternative(comparisons[k] as EqualityScan, sink);
    return;
  }
  if (hashConjunction(comparisons, count, sink)) return;
  const pins: ExactPin[] = [];
  for (let k = 0; k < count; k++) {
    const pin = pinOf(comparisons[k] as EqualityScan, sink);
    if (pin) pins.push(pin);
  }
  conjunction(pins, sink);
}

const scanner = new ObservationScan();

/**
 * The IOCs of a pattern in the shape ObservationScan reads (equalities in flat observations, any qualifiers), in
 * one pass without an AST: what parsing and walking would give. Undefined for any other pattern.
 */
export function scannedObservables(pattern: string, refangs = true): PatternObservables | undefined {
  if (!scanner.reset(pattern) || !scanner.next()) return undefined;
  if (scanner.last && scanner.count === 1) {
    // Most indicators: one IOC or one refusal, without a sink.
    const direct = directObservable(scanner.comparisons[0] as EqualityScan, refangs);
    if (typeof direct === "string")
      return {
        observables: [],
        nonAtomic: 0,
        nonStandard: 0,
        problems: [{ code: "INVALID_VALUE", message: direct }],
        warnings: [],
      };
    if (direct) return { observables: [direct], nonAtomic: 0, nonStandard: 0, problems: [], warnings: [] };
  }
  const sink = new PatternSink(refangs);
  for (;;) {
    observation(scanner, sink);
    if (scanner.last) return sink.result();
    if (!scanner.next()) return undefined;
  }
}
