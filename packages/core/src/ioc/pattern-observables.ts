import type {
  Comparison,
  ComparisonExpression,
  ObjectPath,
  ObservationExpression,
} from "../stix/pattern/ast.js";
import { comparisonOf, EqualityScan, scanSimpleEquality } from "../stix/pattern/equality-scanner.js";
import { parseWithParser } from "../stix/pattern/parser.js";
import { vocabularyProblem } from "../stix/pattern/vocabulary.js";
import { hashAlgorithm, normalizeHash } from "./normalize/index.js";
import {
  extractObservables,
  type Observable,
  type ObservableSink,
  type Pin,
  valueIoc,
} from "./observables.js";
import type { HashMap } from "./record.js";

/** Conjunctions beyond this many per observation are not expanded (an adversarial pattern must not explode). */
const MAX_ALTERNATIVES = 4096;

/** Beyond this many IOCs in one pattern (large IN sets), duplicates are found through an index instead of a scan. */
const SCAN_LIMIT = 16;

type ExactPin = Pin & { objectType: string };

export interface PatternObservables {
  observables: Observable[];
  nonAtomic: number;
  problems: string[];
}

function pathKey(path: ObjectPath): string {
  const steps = path.steps;
  const first = steps[0];
  if (steps.length === 1 && first?.kind === "property") return first.name;
  let key = "";
  for (const step of steps) {
    if (step.kind === "index") key += `[${step.index}]`;
    else key += key ? `.${step.name}` : step.name;
  }
  return key;
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
class PatternSink implements ObservableSink, PatternObservables {
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

/** The exact pins of one comparison (`=`, one per `IN` member, a CIDR `ISSUBSET`), or undefined when not exact. */
function exactPins(comparison: Comparison, sink: PatternSink): ExactPin[] | undefined {
  const vocabulary = vocabularyProblem(comparison.path);
  if (vocabulary) {
    sink.problem(vocabulary);
    return undefined;
  }
  const objectType = comparison.path.objectType;
  const value = comparison.value;
  if (!comparison.negated && value) {
    if (comparison.operator === "=" && value.kind !== "set")
      return [{ objectType, path: pathKey(comparison.path), value: value.value }];
    if (comparison.operator === "IN" && value.kind === "set") {
      const path = pathKey(comparison.path);
      return value.values.map((member) => ({ objectType, path, value: member.value }));
    }
    if (
      comparison.operator === "ISSUBSET" &&
      value.kind === "string" &&
      (objectType === "ipv4-addr" || objectType === "ipv6-addr") &&
      pathKey(comparison.path) === "value"
    ) {
      const cidr = value.value.includes("/")
        ? value.value
        : `${value.value}/${objectType === "ipv4-addr" ? 32 : 128}`;
      return [{ objectType, path: "value", value: cidr }];
    }
  }
  sink.nonAtomic++;
  return undefined;
}

function hasConjunction(expression: ComparisonExpression): boolean {
  if (expression.kind === "comparison") return false;
  return (
    expression.kind === "comparison-and" ||
    hasConjunction(expression.left) ||
    hasConjunction(expression.right)
  );
}

/** Comparisons joined only by OR: every exact pin is an IOC of its own. */
function eachAlternative(expression: ComparisonExpression, sink: PatternSink): void {
  if (expression.kind !== "comparison") {
    eachAlternative(expression.left, sink);
    eachAlternative(expression.right, sink);
    return;
  }
  const pins = exactPins(expression, sink);
  if (!pins) return;
  if (pins.length === 1) extractObservables(expression.path.objectType, pins, sink);
  else for (const pin of pins) extractObservables(pin.objectType, [pin], sink);
}

/** Alternatives (OR) of conjunctions (AND) of exact pins, for observations that use AND. */
function alternatives(expression: ComparisonExpression, sink: PatternSink): ExactPin[][] {
  if (expression.kind === "comparison") {
    const pins = exactPins(expression, sink);
    return pins ? pins.map((pin) => [pin]) : [[]];
  }
  const left = alternatives(expression.left, sink);
  const right = alternatives(expression.right, sink);
  if (expression.kind === "comparison-or") return left.concat(right);
  if (left.length * right.length > MAX_ALTERNATIVES) {
    sink.problem(`pattern expands to more than ${MAX_ALTERNATIVES} combinations; not extracted`);
    return [];
  }
  const product: ExactPin[][] = [];
  for (const a of left) for (const b of right) product.push(a.concat(b));
  return product;
}

/** Extracts one conjunction: its pins merge per object type (a file with MD5 and SHA-256 is one IOC). */
function conjunction(pins: ExactPin[], sink: PatternSink): void {
  const firstType = pins[0]?.objectType;
  if (firstType === undefined) return;
  if (pins.every((pin) => pin.objectType === firstType)) {
    extractObservables(firstType, pins, sink);
    return;
  }
  const groups = new Map<string, ExactPin[]>();
  for (const pin of pins) {
    const group = groups.get(pin.objectType);
    if (group) group.push(pin);
    else groups.set(pin.objectType, [pin]);
  }
  for (const [objectType, group] of groups) extractObservables(objectType, group, sink);
}

function observations(expression: ObservationExpression, sink: PatternSink): void {
  if (expression.kind === "observation") {
    const comparison = expression.comparison;
    if (hasConjunction(comparison))
      for (const pins of alternatives(comparison, sink)) conjunction(pins, sink);
    else eachAlternative(comparison, sink);
  } else if (expression.kind === "qualified") observations(expression.expression, sink);
  else {
    observations(expression.left, sink);
    observations(expression.right, sink);
  }
}

/**
 * Every exact observable of a parsed pattern. Separate observations and OR split; AND inside one observation
 * merges the pins of one object type into one observable (a file with MD5 and SHA-256); IN gives one per member.
 */
export function patternObservables(pattern: ObservationExpression): PatternObservables {
  const sink = new PatternSink();
  observations(pattern, sink);
  return sink.result();
}

const scan = new EqualityScan();

const found = (observable: Observable): PatternObservables => ({
  observables: [observable],
  nonAtomic: 0,
  problems: [],
});
const refused = (reason: string): PatternObservables => ({
  observables: [],
  nonAtomic: 0,
  problems: [reason],
});

/**
 * The IOCs of `[type:value = '…']` on an address-like type or `[file:hashes.ALG = '…']`, straight from the scan:
 * what the general route would give, without building the AST or walking it. Undefined for other shapes.
 */
function scannedObservables({
  objectType,
  steps,
  stepCount,
  value,
}: EqualityScan): PatternObservables | undefined {
  if (stepCount === 1 && steps[0] === "value") {
    const ioc = valueIoc(objectType, value);
    if (!ioc) return undefined;
    return ioc.ok ? found({ type: ioc.type, value: ioc.value }) : refused(ioc.reason);
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
    if (!hash.ok) return refused(hash.reason);
    const hashes: HashMap = {};
    hashes[hash.name] = hash.value;
    return found({ type: objectType, value: hash.value, hashes });
  }
  return undefined;
}

/**
 * The IOCs of a pattern's text. The commonest indicator shapes are read and extracted in one pass; everything else
 * is parsed in full and walked (test/pattern/fast-path.test.ts checks both routes agree). Throws PatternSyntaxError
 * for an invalid pattern, as parsePattern does.
 */
export function observablesOfPattern(pattern: string): PatternObservables {
  if (!scanSimpleEquality(pattern, scan)) return patternObservables(parseWithParser(pattern));
  return (
    scannedObservables(scan) ?? patternObservables({ kind: "observation", comparison: comparisonOf(scan) })
  );
}
