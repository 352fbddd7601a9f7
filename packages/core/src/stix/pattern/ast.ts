/** Typed AST of a STIX 2.1 pattern (spec section 9). Parentheses are not nodes: the printer re-derives them. */

export type Literal =
  | { kind: "string"; value: string }
  | { kind: "int"; value: number }
  | { kind: "float"; value: number }
  | { kind: "bool"; value: boolean }
  | { kind: "hex"; value: string }
  | { kind: "binary"; value: string }
  | { kind: "timestamp"; value: string };

export interface SetLiteral {
  kind: "set";
  values: Literal[];
}

export type PathStep = { kind: "property"; name: string } | { kind: "index"; index: number | "*" };

export interface ObjectPath {
  objectType: string;
  steps: PathStep[];
}

export type ComparisonOperator =
  | "="
  | "!="
  | ">"
  | "<"
  | ">="
  | "<="
  | "IN"
  | "LIKE"
  | "MATCHES"
  | "ISSUBSET"
  | "ISSUPERSET"
  | "EXISTS";

export interface Comparison {
  kind: "comparison";
  path: ObjectPath;
  operator: ComparisonOperator;
  negated: boolean;
  /** Absent only for EXISTS. */
  value?: Literal | SetLiteral;
}

export interface ComparisonBinary {
  kind: "comparison-and" | "comparison-or";
  left: ComparisonExpression;
  right: ComparisonExpression;
}

export type ComparisonExpression = Comparison | ComparisonBinary;

export type Qualifier =
  | { kind: "within"; seconds: number }
  | { kind: "repeats"; times: number }
  | { kind: "start-stop"; start: string; stop: string };

export interface Observation {
  kind: "observation";
  comparison: ComparisonExpression;
}

export interface ObservationBinary {
  kind: "observation-and" | "observation-or" | "followedby";
  left: ObservationExpression;
  right: ObservationExpression;
}

export interface QualifiedObservation {
  kind: "qualified";
  expression: ObservationExpression;
  qualifier: Qualifier;
}

export type ObservationExpression = Observation | ObservationBinary | QualifiedObservation;

/**
 * The operands of the left-associative chain of one operator rooted at `expression`, in order: `a OR b OR c` gives
 * [a, b, c]. The parser builds such chains left-deep, so a walker that recursed down them would need one stack
 * frame per operand (a feed's 10,000-address OR list); this walks the left spine in a loop instead, and what is
 * left to recurse into is bounded by the nesting limit.
 */
export function chainOperands<T extends ComparisonExpression | ObservationExpression>(expression: T): T[] {
  const kind = expression.kind;
  const reversed: T[] = [];
  let node: T = expression;
  while (node.kind === kind && "left" in node) {
    reversed.push(node.right as T);
    node = node.left as T;
  }
  reversed.push(node);
  return reversed.reverse();
}

/** The observation under any number of qualifiers (`[…] WITHIN 5 SECONDS REPEATS 2 TIMES`), without recursion. */
export function unqualified(
  expression: ObservationExpression,
): Exclude<ObservationExpression, QualifiedObservation> {
  let node = expression;
  while (node.kind === "qualified") node = node.expression;
  return node;
}
