import type {
  Comparison,
  ComparisonExpression,
  ComparisonOperator,
  Literal,
  ObjectPath,
  ObservationExpression,
  PathStep,
  Qualifier,
  SetLiteral,
} from "./ast.js";
import { comparisonOf, EqualityScan, scanEquality } from "./equality-scanner.js";
import { parseFlatPattern } from "./fast-path.js";
import { Lexer, TOKEN_NAMES, Tok } from "./lexer.js";

const QUALIFIER_BIT = { within: 1, repeats: 2, "start-stop": 4 } as const;
const QUALIFIER_WORD = { within: "WITHIN", repeats: "REPEATS", "start-stop": "START/STOP" } as const;

/** Deeper nesting than this is refused with a clear error instead of exhausting the stack. */
export const MAX_NESTING = 200;

const OPERATORS = new Map<Tok, ComparisonOperator>([
  [Tok.Eq, "="],
  [Tok.Neq, "!="],
  [Tok.Lt, "<"],
  [Tok.Le, "<="],
  [Tok.Gt, ">"],
  [Tok.Ge, ">="],
  [Tok.In, "IN"],
  [Tok.Like, "LIKE"],
  [Tok.Matches, "MATCHES"],
  [Tok.IsSubset, "ISSUBSET"],
  [Tok.IsSuperset, "ISSUPERSET"],
]);

// One scan buffer for every parse: parsing is synchronous and never nested, and a comparison is copied out of the
// buffer (comparisonOf) before the next scan.
const scan = new EqualityScan();

/** Recursive descent over the STIX 2.1 grammar; precedence AND > OR > FOLLOWEDBY, all left-associative. */
class Parser {
  private depth = 0;
  private readonly scanEqualities: boolean;

  /** With `scanEqualities`, comparisons of the form `type:path = 'literal'` are read by the char scanner. */
  constructor(
    private readonly lexer: Lexer,
    scanEqualities: boolean,
  ) {
    this.scanEqualities = scanEqualities && lexer.input.indexOf("\\") < 0;
  }

  private describe(): string {
    const l = this.lexer;
    if (l.kind() === Tok.Identifier) return `'${l.text}'`;
    if (l.kind() === Tok.String) return "a string literal";
    return TOKEN_NAMES[l.kind()] ?? `'${l.input.slice(l.start, l.end)}'`;
  }

  private expect(type: Tok, what: string): void {
    if (this.lexer.kind() !== type) this.lexer.fail(`expected ${what}, found ${this.describe()}`);
    this.lexer.advance();
  }

  private enter(): void {
    if (++this.depth > MAX_NESTING)
      this.lexer.fail(`nesting deeper than ${MAX_NESTING} levels of brackets or parentheses`);
  }

  pattern(): ObservationExpression {
    const expression = this.followedBy();
    if (this.lexer.kind() !== Tok.End)
      this.lexer.fail(`expected AND, OR, FOLLOWEDBY, a qualifier or the end, found ${this.describe()}`);
    return expression;
  }

  private followedBy(): ObservationExpression {
    let left = this.observationOr();
    while (this.lexer.kind() === Tok.FollowedBy) {
      this.lexer.advance();
      left = { kind: "followedby", left, right: this.observationOr() };
    }
    return left;
  }

  private observationOr(): ObservationExpression {
    let left = this.observationAnd();
    while (this.lexer.kind() === Tok.Or) {
      this.lexer.advance();
      left = { kind: "observation-or", left, right: this.observationAnd() };
    }
    return left;
  }

  private observationAnd(): ObservationExpression {
    let left = this.qualified();
    while (this.lexer.kind() === Tok.And) {
      this.lexer.advance();
      left = { kind: "observation-and", left, right: this.qualified() };
    }
    return left;
  }

  /**
   * An observation and its qualifiers. Two qualifiers of one kind directly on one bracketed observation
   * (`[…] WITHIN 5 SECONDS WITHIN 6 SECONDS`) are refused: the grammar's rule would take them, but the OASIS
   * validator refuses them and its tests mark them invalid. After parentheses (`([…]) WITHIN 5 SECONDS WITHIN 6
   * SECONDS`, `([…] WITHIN 5 SECONDS) WITHIN 6 SECONDS`) each qualifier narrows a compound expression, which the
   * validator accepts, and so does taxiway.
   */
  private qualified(): ObservationExpression {
    const bracketed = this.lexer.kind() === Tok.LBracket;
    let expression = this.observation();
    let seen = 0;
    for (;;) {
      const start = this.lexer.start;
      const qualifier = this.qualifier();
      if (!qualifier) return expression;
      const bit = QUALIFIER_BIT[qualifier.kind];
      if (bracketed && seen & bit)
        this.lexer.fail(`a second ${QUALIFIER_WORD[qualifier.kind]} on one observation expression`, start);
      seen |= bit;
      expression = { kind: "qualified", expression, qualifier };
    }
  }

  private qualifier(): Qualifier | undefined {
    const l = this.lexer;
    switch (l.kind()) {
      case Tok.Within: {
        l.advance();
        if ((l.kind() !== Tok.Int && l.kind() !== Tok.Float) || l.number <= 0)
          l.fail("WITHIN needs a positive number of seconds");
        const seconds = l.number;
        l.advance();
        this.expect(Tok.Seconds, "SECONDS");
        return { kind: "within", seconds };
      }
      case Tok.Repeats: {
        l.advance();
        if (l.kind() !== Tok.Int || l.number <= 0) l.fail("REPEATS needs a positive integer");
        const times = l.number;
        l.advance();
        this.expect(Tok.Times, "TIMES");
        return { kind: "repeats", times };
      }
      case Tok.Start: {
        l.advance();
        if (l.kind() !== Tok.Timestamp) l.fail("START needs a timestamp literal t'…'");
        const start = l.text;
        l.advance();
        this.expect(Tok.Stop, "STOP");
        if (l.kind() !== Tok.Timestamp) l.fail("STOP needs a timestamp literal t'…'");
        // STOP at or before START is grammatical and the OASIS tools accept it: the window is empty, not invalid.
        const stop = l.text;
        l.advance();
        return { kind: "start-stop", start, stop };
      }
      default:
        return undefined;
    }
  }

  private observation(): ObservationExpression {
    const l = this.lexer;
    if (l.kind() === Tok.LBracket) {
      this.enter();
      l.advance();
      const comparison = this.comparisonOr();
      this.expect(Tok.RBracket, "']' closing the observation expression");
      this.depth--;
      return { kind: "observation", comparison };
    }
    if (l.kind() === Tok.LParen) {
      this.enter();
      l.advance();
      const inner = this.followedBy();
      this.expect(Tok.RParen, "')'");
      this.depth--;
      return inner;
    }
    return l.fail(`expected '[' starting an observation expression, found ${this.describe()}`);
  }

  private comparisonOr(): ComparisonExpression {
    let left = this.comparisonAnd();
    while (this.lexer.kind() === Tok.Or) {
      this.lexer.advance();
      left = { kind: "comparison-or", left, right: this.comparisonAnd() };
    }
    return left;
  }

  private comparisonAnd(): ComparisonExpression {
    let left = this.comparison();
    while (this.lexer.kind() === Tok.And) {
      this.lexer.advance();
      left = { kind: "comparison-and", left, right: this.comparison() };
    }
    return left;
  }

  private comparison(): ComparisonExpression {
    const l = this.lexer;
    if (l.kind() === Tok.LParen) {
      this.enter();
      l.advance();
      const inner = this.comparisonOr();
      this.expect(Tok.RParen, "')'");
      this.depth--;
      return inner;
    }
    if (l.kind() === Tok.Exists || l.kind() === Tok.Not) {
      // NOT? EXISTS objectPath (grammar rule propTestExists).
      const negated = l.kind() === Tok.Not;
      l.advance();
      if (negated) this.expect(Tok.Exists, "EXISTS after NOT");
      return { kind: "comparison", path: this.objectPath(), operator: "EXISTS", negated };
    }
    if (this.scanEqualities && l.kind() === Tok.Identifier) {
      if (scanEquality(l.input, l.start, scan)) {
        l.seek(scan.end);
        return comparisonOf(scan);
      }
    }
    const path = this.objectPath();
    let negated = false;
    if (l.kind() === Tok.Not) {
      negated = true;
      l.advance();
    }
    const operator = OPERATORS.get(l.kind());
    if (!operator)
      return l.fail(
        `expected a comparison operator (=, !=, <, >, <=, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET), found ${this.describe()}`,
      );
    l.advance();
    const comparison: Comparison = {
      kind: "comparison",
      path,
      operator,
      negated,
      value: this.operand(operator),
    };
    return comparison;
  }

  private operand(operator: ComparisonOperator): Literal | SetLiteral {
    const l = this.lexer;
    if (operator === "IN") {
      this.expect(Tok.LParen, "'(' starting the set after IN");
      const values: Literal[] = [];
      if (l.kind() !== Tok.RParen) {
        values.push(this.literal());
        while (l.kind() === Tok.Comma) {
          l.advance();
          values.push(this.literal());
        }
      }
      this.expect(Tok.RParen, "')' or ',' in the set");
      return { kind: "set", values };
    }
    const start = l.start;
    const value = this.literal();
    if ((operator === "LIKE" || operator === "MATCHES") && value.kind !== "string")
      l.fail(`${operator} needs a string literal`, start);
    if ((operator === "ISSUBSET" || operator === "ISSUPERSET") && value.kind !== "string")
      l.fail(`${operator} needs a string literal (a CIDR)`, start);
    // MATCHES takes a PCRE (spec 9.7). taxiway never evaluates it (a MATCHES comparison is never an exact IOC), so any
    // string is accepted, as the OASIS validator does: JavaScript's RegExp refuses valid PCRE such as `(?i)…` or `\@`.
    if (
      (operator === ">" || operator === "<" || operator === ">=" || operator === "<=") &&
      value.kind === "bool"
    )
      l.fail(`${operator} cannot compare a boolean`, start);
    return value;
  }

  private literal(): Literal {
    const l = this.lexer;
    let literal: Literal;
    switch (l.kind()) {
      case Tok.String:
        literal = { kind: "string", value: l.text };
        break;
      case Tok.Int:
        literal = { kind: "int", value: l.number };
        break;
      case Tok.Float:
        literal = { kind: "float", value: l.number };
        break;
      case Tok.Bool:
        literal = { kind: "bool", value: l.number === 1 };
        break;
      case Tok.Hex:
        literal = { kind: "hex", value: l.text.toLowerCase() };
        break;
      case Tok.Binary:
        literal = { kind: "binary", value: l.text };
        break;
      case Tok.Timestamp:
        literal = { kind: "timestamp", value: l.text };
        break;
      default:
        return l.fail(
          `expected a literal (string, number, boolean, h'', b'', t''), found ${this.describe()}`,
        );
    }
    l.advance();
    return literal;
  }

  private objectPath(): ObjectPath {
    const l = this.lexer;
    if (l.kind() !== Tok.Identifier)
      return l.fail(`expected an object path such as ipv4-addr:value, found ${this.describe()}`);
    // The grammar's object type is any identifier: `x-` is a naming convention for custom objects, not syntax.
    const objectType = l.text;
    l.advance();
    this.expect(Tok.Colon, "':' after the object type");
    const steps: PathStep[] = [this.propertyName()];
    for (;;) {
      if (l.kind() === Tok.Dot) {
        l.advance();
        steps.push(this.propertyName());
      } else if (l.kind() === Tok.LBracket) {
        l.advance();
        if (l.kind() === Tok.Star) steps.push({ kind: "index", index: "*" });
        else if (l.kind() === Tok.Int) steps.push({ kind: "index", index: l.number });
        else l.fail(`expected a list index or '*', found ${this.describe()}`);
        l.advance();
        this.expect(Tok.RBracket, "']' closing the list index");
      } else {
        return { objectType, steps };
      }
    }
  }

  private propertyName(): PathStep {
    const l = this.lexer;
    if (l.kind() === Tok.String) {
      const name = l.text;
      l.advance();
      return { kind: "property", name };
    }
    // Keywords are valid property names after ':' or '.' only when written in lower case (they are upper case).
    if (l.kind() === Tok.Identifier || (l.kind() === Tok.Bool && l.text.length > 0)) {
      const name = l.text;
      if (name.includes("-")) l.fail(`property '${name}' contains '-': quote it, e.g. '${name}'`);
      l.advance();
      return { kind: "property", name };
    }
    return l.fail(`expected a property name, found ${this.describe()}`);
  }
}

/** Parses a STIX 2.1 pattern; throws PatternSyntaxError with the offset and what was expected. */
export function parsePattern(pattern: string): ObservationExpression {
  return parseFlatPattern(pattern) ?? parseWithParser(pattern);
}

/** The recursive-descent parser (with the equality scanner), for callers that already know the fast path missed. */
export function parseWithParser(pattern: string): ObservationExpression {
  return new Parser(new Lexer(pattern), true).pattern();
}

/** The token parser alone, without the equality scanner (tests compare the two). */
export function parsePatternFully(pattern: string): ObservationExpression {
  return new Parser(new Lexer(pattern), false).pattern();
}
