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
