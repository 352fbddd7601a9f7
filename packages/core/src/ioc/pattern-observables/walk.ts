import type {
  Comparison,
  ComparisonExpression,
  ObjectPath,
  ObservationExpression,
  PathStep,
} from "../../stix/pattern/ast.js";
import { vocabularyProblem } from "../../stix/pattern/vocabulary.js";
import { extractObservables, type Pin } from "../observables.js";
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
export function conjunction(pins: ExactPin[], sink: PatternSink): void {
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
