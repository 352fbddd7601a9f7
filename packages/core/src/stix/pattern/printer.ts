import type { ComparisonExpression, Literal, ObjectPath, ObservationExpression, SetLiteral } from "./ast.js";
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
    if (expression.operator === "EXISTS") return `EXISTS ${printPath(expression.path)}`;
    return `${printPath(expression.path)} ${expression.negated ? "NOT " : ""}${expression.operator} ${printLiteral(expression.value as Literal)}`;
  }
  const rank = COMPARISON_RANK[expression.kind];
  const side = (child: ComparisonExpression, right: boolean) => {
    const text = printComparison(child);
    const childRank = COMPARISON_RANK[child.kind];
    return childRank < rank || (right && childRank === rank) ? `(${text})` : text;
  };
  return `${side(expression.left, false)} ${expression.kind === "comparison-and" ? "AND" : "OR"} ${side(expression.right, true)}`;
}

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
  switch (expression.kind) {
    case "observation":
      return `[${printComparison(expression.comparison)}]`;
    case "qualified": {
      const inner = printPattern(expression.expression);
      const wrapped =
        OBSERVATION_RANK[expression.expression.kind] < OBSERVATION_RANK.qualified ? `(${inner})` : inner;
      const q = expression.qualifier;
      const text =
        q.kind === "within"
          ? `WITHIN ${q.seconds} SECONDS`
          : q.kind === "repeats"
            ? `REPEATS ${q.times} TIMES`
            : `START t'${q.start}' STOP t'${q.stop}'`;
      return `${wrapped} ${text}`;
    }
    default: {
      const rank = OBSERVATION_RANK[expression.kind];
      const side = (child: ObservationExpression, right: boolean) => {
        const text = printPattern(child);
        const childRank = OBSERVATION_RANK[child.kind];
        return childRank < rank || (right && childRank === rank) ? `(${text})` : text;
      };
      return `${side(expression.left, false)} ${OBSERVATION_WORD[expression.kind]} ${side(expression.right, true)}`;
    }
  }
}
