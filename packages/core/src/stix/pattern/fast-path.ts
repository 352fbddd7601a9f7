import type { ComparisonExpression, ObservationExpression, Qualifier } from "./ast.js";
import { comparisonOf, type EqualityScan } from "./equality-scanner.js";
import { type ObservationJoin, ObservationScan } from "./observation-scanner.js";

const scanner = new ObservationScan();

/** The observation just scanned, as the token parser builds it: comparisons left-associative, then qualifiers. */
function scannedObservation({
  comparisons,
  count,
  conjunctive,
  qualifiers,
  qualifierCount,
}: ObservationScan): ObservationExpression {
  let comparison: ComparisonExpression = comparisonOf(comparisons[0] as EqualityScan);
  for (let k = 1; k < count; k++)
    comparison = {
      kind: conjunctive ? "comparison-and" : "comparison-or",
      left: comparison,
      right: comparisonOf(comparisons[k] as EqualityScan),
    };
  let observation: ObservationExpression = { kind: "observation", comparison };
  for (let k = 0; k < qualifierCount; k++)
    observation = { kind: "qualified", expression: observation, qualifier: qualifiers[k] as Qualifier };
  return observation;
}

/**
 * Most indicators in real feeds are `[type:path = 'value']`, or a few such observations and comparisons joined
 * by AND/OR, with qualifiers (ObservationScan's shape). This builds their AST in one pass, exactly as the full
 * parser would, precedence included (AND over OR over FOLLOWEDBY, all left-associative); anything else returns
 * undefined and goes to the full parser, which also words every error. test/pattern/fast-path.test.ts checks the
 * two agree on generated and random input.
 */
export function parseFlatPattern(input: string): ObservationExpression | undefined {
  if (!scanner.reset(input)) return undefined;
  let followed: ObservationExpression | undefined;
  let ored: ObservationExpression | undefined;
  let anded: ObservationExpression | undefined;
  let join: ObservationJoin = "";
  do {
    if (!scanner.next()) return undefined;
    const observation = scannedObservation(scanner);
    if (anded && join === "AND") anded = { kind: "observation-and", left: anded, right: observation };
    else {
      if (anded) ored = ored ? { kind: "observation-or", left: ored, right: anded } : anded;
      if (ored && join === "FOLLOWEDBY") {
        followed = followed ? { kind: "followedby", left: followed, right: ored } : ored;
        ored = undefined;
      }
      anded = observation;
    }
    join = scanner.join;
  } while (!scanner.last);
  ored = ored ? { kind: "observation-or", left: ored, right: anded } : anded;
  return followed ? { kind: "followedby", left: followed, right: ored } : ored;
}
