import type {
  Comparison,
  ComparisonExpression,
  Literal,
  ObjectPath,
  ObservationExpression,
} from "../stix/pattern/ast.js";
import { vocabularyProblem } from "../stix/pattern/vocabulary.js";
import { type Observable, observablesOf, type Pin } from "./observables.js";

/** Conjunctions beyond this many per observation are not expanded (an adversarial pattern must not explode). */
const MAX_ALTERNATIVES = 4096;

type ExactPin = Pin & { objectType: string };

export interface PatternObservables {
  observables: Observable[];
  nonAtomic: number;
  problems: string[];
}

function pathKey(path: ObjectPath): string {
  let key = "";
  for (const step of path.steps) {
    if (step.kind === "index") key += `[${step.index}]`;
    else key += key ? `.${step.name}` : step.name;
  }
  return key;
}

function literalValue(literal: Literal): string | number | boolean {
  return literal.value;
}

class Walker {
  nonAtomic = 0;
  problems: string[] = [];

  /** Alternatives (OR) of conjunctions (AND) of exact pins. */
  alternatives(expression: ComparisonExpression): ExactPin[][] {
    if (expression.kind === "comparison") return this.comparison(expression);
    const left = this.alternatives(expression.left);
    const right = this.alternatives(expression.right);
    if (expression.kind === "comparison-or") return [...left, ...right];
    if (left.length * right.length > MAX_ALTERNATIVES) {
      this.problems.push(`pattern expands to more than ${MAX_ALTERNATIVES} combinations; not extracted`);
      return [];
    }
    const product: ExactPin[][] = [];
    for (const a of left) for (const b of right) product.push([...a, ...b]);
    return product;
  }

  private comparison(comparison: Comparison): ExactPin[][] {
    const vocabulary = vocabularyProblem(comparison.path);
    if (vocabulary) {
      this.problems.push(vocabulary);
      return [[]];
    }
    const objectType = comparison.path.objectType;
    const path = pathKey(comparison.path);
    const value = comparison.value;
    if (!comparison.negated && comparison.operator === "=" && value && value.kind !== "set")
      return [[{ objectType, path, value: literalValue(value) }]];
    if (!comparison.negated && comparison.operator === "IN" && value?.kind === "set")
      return value.values.map((member) => [{ objectType, path, value: literalValue(member) }]);
    if (
      !comparison.negated &&
      comparison.operator === "ISSUBSET" &&
      value?.kind === "string" &&
      path === "value" &&
      (objectType === "ipv4-addr" || objectType === "ipv6-addr")
    )
      return [
        [
          {
            objectType,
            path,
            value: value.value.includes("/")
              ? value.value
              : `${value.value}/${objectType === "ipv4-addr" ? 32 : 128}`,
          },
        ],
      ];
    this.nonAtomic++;
    return [[]];
  }
}

function observationsOf(expression: ObservationExpression, into: ComparisonExpression[]): void {
  if (expression.kind === "observation") into.push(expression.comparison);
  else if (expression.kind === "qualified") observationsOf(expression.expression, into);
  else {
    observationsOf(expression.left, into);
    observationsOf(expression.right, into);
  }
}

function identity(observable: Observable): string {
  const base = `${observable.type}\u0000${observable.value}`;
  return observable.hashes ? `${base}\u0000${JSON.stringify(observable.hashes)}` : base;
}

/**
 * Every exact observable of a parsed pattern. Separate observations and OR split; AND inside one observation
 * merges the pins of one object type into one observable (a file with MD5 and SHA-256); IN gives one per member.
 */
export function patternObservables(pattern: ObservationExpression): PatternObservables {
  // Most feed patterns are one observation with one equality: skip the general machinery for them.
  if (pattern.kind === "observation" && pattern.comparison.kind === "comparison") {
    const single = pattern.comparison;
    if (
      single.operator === "=" &&
      !single.negated &&
      single.value &&
      single.value.kind !== "set" &&
      !vocabularyProblem(single.path)
    ) {
      const result = observablesOf(single.path.objectType, [
        { path: pathKey(single.path), value: single.value.value },
      ]);
      return { observables: result.observables, nonAtomic: 0, problems: result.problems };
    }
  }
  const walker = new Walker();
  const comparisons: ComparisonExpression[] = [];
  observationsOf(pattern, comparisons);
  const seen = new Set<string>();
  const observables: Observable[] = [];
  const problems = new Set<string>();
  for (const comparison of comparisons) {
    for (const conjunction of walker.alternatives(comparison)) {
      const byType = new Map<string, Pin[]>();
      for (const pin of conjunction) {
        const list = byType.get(pin.objectType);
        if (list) list.push(pin);
        else byType.set(pin.objectType, [pin]);
      }
      for (const [objectType, pins] of byType) {
        const result = observablesOf(objectType, pins);
        for (const problem of result.problems) problems.add(problem);
        for (const observable of result.observables) {
          const id = identity(observable);
          if (seen.has(id)) continue;
          seen.add(id);
          observables.push(observable);
        }
      }
    }
  }
  for (const problem of walker.problems) problems.add(problem);
  return { observables, nonAtomic: walker.nonAtomic, problems: [...problems] };
}
