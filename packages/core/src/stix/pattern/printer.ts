import {
  type ComparisonExpression,
  chainOperands,
  type Literal,
  type ObjectPath,
  type ObservationExpression,
  type Qualifier,
  type SetLiteral,
} from "./ast.js";
import { isReservedWord } from "./keywords.js";

const quote = (text: string) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function number(value: number, float: boolean): string {
  const text = String(value);
  return float && !/[.eE]/.test(text) ? `${text}.0` : text;
}

export function printLiteral(literal: Literal | SetLiteral): string {
  switch (literal.kind) {
    case "set":
      return `(${literal.values.map(printLiteral).join(", ")})`;
    case "string":
      return quote(literal.value);
    case "int":
      return number(literal.value, false);
    case "float":
      return number(literal.value, true);
    case "bool":
      return String(literal.value);
    case "hex":
      return `h'${literal.value}'`;
    case "binary":
      return `b'${literal.value}'`;
    case "timestamp":
      return `t'${literal.value}'`;
  }
}

export function printPath(path: ObjectPath): string {
  let text = `${path.objectType}:`;
  path.steps.forEach((step, index) => {
    if (step.kind === "index") text += `[${step.index}]`;
    else {
      const name =
        IDENTIFIER.test(step.name) &&
        !isReservedWord(step.name) &&
        step.name !== "true" &&
        step.name !== "false"
          ? step.name
          : quote(step.name);
      text += index === 0 ? name : `.${name}`;
    }
  });
  return text;
}

const COMPARISON_RANK = { "comparison-or": 1, "comparison-and": 2, comparison: 3 } as const;

function printComparison(expression: ComparisonExpression): string {
  if (expression.kind === "comparison") {
    if (expression.operator === "EXISTS")
      return `${expression.negated ? "NOT " : ""}EXISTS ${printPath(expression.path)}`;
    return `${printPath(expression.path)} ${expression.negated ? "NOT " : ""}${expression.operator} ${printLiteral(expression.value as Literal)}`;
  }
  const rank = COMPARISON_RANK[expression.kind];
  const word = expression.kind === "comparison-and" ? " AND " : " OR ";
  return chainOperands(expression)
    .map((child, index) => {
      const text = printComparison(child);
      const childRank = COMPARISON_RANK[child.kind];
      return childRank < rank || (index > 0 && childRank === rank) ? `(${text})` : text;
    })
    .join(word);
}

const printQualifier = (q: Qualifier) =>
  q.kind === "within"
    ? `WITHIN ${q.seconds} SECONDS`
    : q.kind === "repeats"
      ? `REPEATS ${q.times} TIMES`
      : `START t'${q.start}' STOP t'${q.stop}'`;

const OBSERVATION_RANK = {
  followedby: 1,
  "observation-or": 2,
  "observation-and": 3,
  qualified: 4,
  observation: 5,
} as const;
const OBSERVATION_WORD = {
  followedby: "FOLLOWEDBY",
  "observation-or": "OR",
  "observation-and": "AND",
} as const;

/** The canonical text of a pattern: single spaces, minimal parentheses, quotes only where needed. */
export function printPattern(expression: ObservationExpression): string {
  if (expression.kind === "observation") return `[${printComparison(expression.comparison)}]`;
  if (expression.kind === "qualified") {
    // Qualifiers wrap outward (the last written is the outermost): collect them in one walk down the chain.
    const qualifiers: Qualifier[] = [];
    let node: ObservationExpression = expression;
    for (; node.kind === "qualified"; node = node.expression) qualifiers.push(node.qualifier);
    const inner = printPattern(node);
    // Two qualifiers of one kind are refused directly on `[…]`, not after parentheses: `([…]) WITHIN 1 SECONDS
    // WITHIN 2 SECONDS` is the same tree, and valid.
    const kinds = new Set(qualifiers.map((qualifier) => qualifier.kind));
    const parenthesize =
      OBSERVATION_RANK[node.kind] < OBSERVATION_RANK.qualified || kinds.size < qualifiers.length;
    let text = parenthesize ? `(${inner})` : inner;
    for (let k = qualifiers.length - 1; k >= 0; k--) text += ` ${printQualifier(qualifiers[k] as Qualifier)}`;
    return text;
  }
  const rank = OBSERVATION_RANK[expression.kind];
  return chainOperands(expression)
    .map((child, index) => {
      const text = printPattern(child);
      const childRank = OBSERVATION_RANK[child.kind];
      return childRank < rank || (index > 0 && childRank === rank) ? `(${text})` : text;
    })
    .join(` ${OBSERVATION_WORD[expression.kind]} `);
}
