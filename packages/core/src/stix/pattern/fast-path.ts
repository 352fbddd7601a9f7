import type { ObservationExpression } from "./ast.js";
import { comparisonOf, EqualityScan, scanSimpleEquality } from "./equality-scanner.js";

const scan = new EqualityScan();

/**
 * Most indicators in real feeds are `[type:path = 'value']`. This builds their AST in one pass, exactly as the full
 * parser would; anything else returns undefined and goes to the full parser, which also produces every error
 * message. The property test in test/pattern checks the two agree on generated and random input.
 */
export function parseSimpleEquality(input: string): ObservationExpression | undefined {
  return scanSimpleEquality(input, scan)
    ? { kind: "observation", comparison: comparisonOf(scan) }
    : undefined;
}
