import {
  type Comparison,
  type ComparisonExpression,
  chainOperands,
  type ObjectPath,
  type ObservationExpression,
  type PathStep,
  unqualified,
} from "../../stix/pattern/ast.js";
import { vocabularyProblem } from "../../stix/pattern/vocabulary.js";
import { hashAlgorithm } from "../normalize/index.js";
import { extractObservables, livePin, type Pin } from "../observables.js";
import { type PatternObservables, PatternSink } from "./sink.js";

/** Conjunctions beyond this many per observation are not expanded (an adversarial pattern must not explode). */
const MAX_ALTERNATIVES = 4096;

export type ExactPin = Pin & { objectType: string };

function pathKey(path: ObjectPath): string {
  const steps = path.steps;
  const first = steps[0];
  if (steps.length === 1 && first?.kind === "property") return first.name;
  let key = "";
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k] as PathStep;
    if (step.kind === "index") key += `[${step.index}]`;
    else key += k === 0 ? step.name : `.${step.name}`;
  }
  return key;
}

/** The exact pins of one comparison (`=`, one per `IN` member, a CIDR `ISSUBSET`), or undefined when not exact. */
function exactPins(comparison: Comparison, sink: PatternSink): ExactPin[] | undefined {
  const vocabulary = vocabularyProblem(comparison.path);
  if (vocabulary) {
    sink.nonStandardPath(vocabulary);
    return undefined;
  }
  const objectType = comparison.path.objectType;
  const value = comparison.value;
  const live = sink.refangs ? livePin : (pin: ExactPin) => pin;
  if (!comparison.negated && value) {
    if (comparison.operator === "=" && value.kind !== "set")
      return [live({ objectType, path: pathKey(comparison.path), value: value.value })];
    if (comparison.operator === "IN" && value.kind === "set") {
      const path = pathKey(comparison.path);
      return value.values.map((member) => live({ objectType, path, value: member.value }));
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
      return [live({ objectType, path: "value", value: cidr })];
    }
  }
  sink.nonAtomic++;
  return undefined;
}

function hasConjunction(expression: ComparisonExpression): boolean {
  const pending = [expression];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.kind === "comparison-and") return true;
    if (node.kind === "comparison-or") pending.push(node.left, node.right);
  }
  return false;
}

/** Comparisons joined only by OR: every exact pin is an IOC of its own. */
function eachAlternative(expression: ComparisonExpression, sink: PatternSink): void {
  // Depth first, left before right, with a stack of its own: an OR list can be thousands of comparisons long.
  const pending = [expression];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.kind !== "comparison") {
      pending.push(node.right, node.left);
      continue;
    }
    const pins = exactPins(node, sink);
    if (!pins) continue;
    if (pins.length === 1) extractObservables(node.path.objectType, pins, sink);
    else for (const pin of pins) extractObservables(pin.objectType, [pin], sink);
  }
}

/**
 * Alternatives (OR) of conjunctions (AND) of exact pins, for observations that use AND. Linear in the number of
 * comparisons while each AND operand has one alternative (conjunctions grow in place). Past MAX_ALTERNATIVES
 * combinations the pairing is given up, not the IOCs: every alternative of every operand becomes an IOC of its own,
 * counted non-atomic, and the pattern is reported PATTERN_TOO_COMPLEX.
 */
function alternatives(expression: ComparisonExpression, sink: PatternSink): ExactPin[][] {
  if (expression.kind === "comparison") {
    const pins = exactPins(expression, sink);
    return pins ? pins.map((pin) => [pin]) : [[]];
  }
  const operands = chainOperands(expression).map((operand) => alternatives(operand, sink));
  if (expression.kind === "comparison-or") return operands.flat();
  let product = operands[0] as ExactPin[][];
  for (let k = 1; k < operands.length; k++) {
    const right = operands[k] as ExactPin[][];
    if (right.length === 1) {
      // The usual case: one more pin (or none) for every conjunction so far, appended in place.
      const only = right[0] as ExactPin[];
      for (const conjunction of product) for (const pin of only) conjunction.push(pin);
      continue;
    }
    if (product.length * right.length > MAX_ALTERNATIVES) return tooComplex(operands, sink);
    const next: ExactPin[][] = [];
    for (const a of product) for (const b of right) next.push(a.concat(b));
    product = next;
  }
  return product;
}

/** What an AND over the expansion limit yields: each alternative of each operand on its own. */
function tooComplex(operands: ExactPin[][][], sink: PatternSink): ExactPin[][] {
  sink.nonAtomic++;
  sink.problem(
    `the observation expands to more than ${MAX_ALTERNATIVES} combinations of its ORs; each value was extracted on its own, without the values it is ANDed with`,
    "PATTERN_TOO_COMPLEX",
  );
  const loose: ExactPin[][] = [];
  for (const operand of operands) for (const conjunction of operand) loose.push(conjunction.slice());
  return loose;
}

/** Extracts one conjunction: its pins merge per object type (a file with MD5 and SHA-256 is one IOC). */
export function conjunction(pins: ExactPin[], sink: PatternSink): void {
  const firstType = pins[0]?.objectType;
  if (firstType === undefined) return;
  if (pins.every((pin) => pin.objectType === firstType)) {
    objectConjunction(firstType, pins, sink);
    return;
  }
  const groups = new Map<string, ExactPin[]>();
  for (const pin of pins) {
    const group = groups.get(pin.objectType);
    if (group) group.push(pin);
    else groups.set(pin.objectType, [pin]);
  }
  for (const [objectType, group] of groups) objectConjunction(objectType, group, sink);
}

/**
 * The pins of one object type in one conjunction. A property pinned to several values (`file:name = 'a' AND
 * file:name = 'b'`) cannot describe one object: no value is dropped, each becomes an IOC of its own with the
 * other pins, and the conjunction counts as non-atomic (warning REPEATED_PROPERTY). List steps (`to_refs[*]`) may
 * hold several values and are not repeats.
 */
function objectConjunction(objectType: string, pins: ExactPin[], sink: PatternSink): void {
  const repeated = repeatedPaths(pins);
  if (repeated === undefined) {
    extractObservables(objectType, pins, sink);
    return;
  }
  sink.nonAtomic++;
  for (const path of repeated)
    sink.warning(
      "REPEATED_PROPERTY",
      `${objectType}:${path} is pinned to several values in one observation; each value is an IOC of its own`,
    );
  const shared = pins.filter((pin) => !repeated.has(repeatKey(pin)));
  for (const pin of pins)
    if (repeated.has(repeatKey(pin))) extractObservables(objectType, [...shared, pin], sink);
}

/** The property a pin sets, with hash names in canonical spelling (hashes.sha256 and hashes.'SHA-256' are one). */
function repeatKey(pin: Pin): string {
  if (!pin.path.startsWith("hashes.")) return pin.path;
  return `hashes.${hashAlgorithm(pin.path.slice(7))?.name ?? pin.path.slice(7)}`;
}

const sameValue = (a: Pin, b: Pin) =>
  a.value === b.value ||
  (a.path.startsWith("hashes.") && String(a.value).toLowerCase() === String(b.value).toLowerCase());

/** Whether two pins may set one property (same path, or two hashes): a pairwise check without allocation. */
function mayRepeat(pins: readonly Pin[]): boolean {
  for (let i = 1; i < pins.length; i++)
    for (let j = 0; j < i; j++) {
      const a = (pins[i] as Pin).path;
      const b = (pins[j] as Pin).path;
      if (a === b || (a.startsWith("hashes.") && b.startsWith("hashes."))) return true;
    }
  return false;
}

/** The properties pinned to more than one distinct value, or undefined when none is (the usual case, no allocation). */
function repeatedPaths(pins: readonly Pin[]): Set<string> | undefined {
  if (pins.length < 2) return undefined;
  if (pins.length <= 8 && !mayRepeat(pins)) return undefined;
  let repeated: Set<string> | undefined;
  const first = new Map<string, Pin>();
  for (const pin of pins) {
    if (pin.path.includes("[")) continue;
    const key = repeatKey(pin);
    const seen = first.get(key);
    if (seen === undefined) first.set(key, pin);
    else if (!sameValue(seen, pin)) {
      repeated ??= new Set();
      repeated.add(key);
    }
  }
  return repeated;
}

function observations(expression: ObservationExpression, sink: PatternSink): void {
  const node = unqualified(expression);
  if (node.kind !== "observation") {
    for (const operand of chainOperands(node)) observations(operand, sink);
    return;
  }
  const comparison = node.comparison;
  if (hasConjunction(comparison)) for (const pins of alternatives(comparison, sink)) conjunction(pins, sink);
  else eachAlternative(comparison, sink);
}

/**
 * Every exact observable of a parsed pattern. Separate observations and OR split; AND inside one observation
 * merges the pins of one object type into one observable (a file with MD5 and SHA-256); IN gives one per member.
 */
export function patternObservables(pattern: ObservationExpression, refangs = true): PatternObservables {
  const sink = new PatternSink(refangs);
  observations(pattern, sink);
  return sink.result();
}
