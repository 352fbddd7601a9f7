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
    sink.nonStandardPath(vocabulary);
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

/** Alternatives (OR) of conjunctions (AND) of exact pins, for observations that use AND. */
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
    if (product.length * right.length > MAX_ALTERNATIVES) {
      sink.problem(`pattern expands to more than ${MAX_ALTERNATIVES} combinations; not extracted`);
      return [];
    }
    const next: ExactPin[][] = [];
    for (const a of product) for (const b of right) next.push(a.concat(b));
    product = next;
  }
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
export function patternObservables(pattern: ObservationExpression): PatternObservables {
  const sink = new PatternSink();
  observations(pattern, sink);
  return sink.result();
}
