import { isDigit, isIdentStart, skipSpaces, wordEnd } from "./chars.js";
import { PatternSyntaxError } from "./errors.js";
import { keywordOf } from "./keywords.js";
import { isBase64, isHexOctets, isTimestamp } from "./literals.js";
import { Tok } from "./tokens.js";

export { TOKEN_NAMES, Tok } from "./tokens.js";

/**
 * A single-pass lexer over char codes: one token of lookahead, no per-character regexes or substrings, so
 * lexing is linear in the input. The current token is described by the public fields.
 */
export class Lexer {
  type: Tok = Tok.End;
  start = 0;
  end = 0;
  /** Text of identifiers/keywords, decoded value of strings and h'', b'', t'' literals. */
  text = "";
  number = 0;
  private position = 0;
  /** The first backslash at or after the last search; kept so that scanning stays linear over many literals. */
  private backslash = -1;
  private backslashSearchedFrom = Number.POSITIVE_INFINITY;

  constructor(readonly input: string) {
    this.advance();
  }

  /** The current token's type (a call, so the parser's checks are not narrowed away across advance()). */
  kind(): Tok {
    return this.type;
  }

  /** Continues lexing at `position`, after a part the parser scanned directly. */
  seek(position: number): void {
    this.position = position;
    this.advance();
  }

  fail(message: string, offset = this.start): never {
    throw new PatternSyntaxError(message, offset);
  }

  advance(): undefined {
    const input = this.input;
    const i = skipSpaces(input, this.position);
    const c = input.charCodeAt(i);
    this.start = i;
    if (i >= input.length) {
      this.type = Tok.End;
      this.end = this.position = i;
      return undefined;
    }
    const next = i + 1 < input.length ? input.charCodeAt(i + 1) : 0;
    switch (c) {
      case 91:
        return this.token(i + 1, Tok.LBracket);
      case 93:
        return this.token(i + 1, Tok.RBracket);
      case 40:
        return this.token(i + 1, Tok.LParen);
      case 41:
        return this.token(i + 1, Tok.RParen);
      case 58:
        return this.token(i + 1, Tok.Colon);
      case 46:
        // `.5` is a float (FloatPosLiteral allows no digits before the point); a path step never starts with one.
        return isDigit(next) ? this.numberAt(i) : this.token(i + 1, Tok.Dot);
      case 44:
        return this.token(i + 1, Tok.Comma);
      case 42:
        return this.token(i + 1, Tok.Star);
      case 61:
        return next === 61 ? this.token(i + 2, Tok.Eq) : this.token(i + 1, Tok.Eq);
      case 33:
        if (next === 61) return this.token(i + 2, Tok.Neq);
        return this.fail("expected '!=' after '!'", i);
      case 60:
        if (next === 61) return this.token(i + 2, Tok.Le);
        if (next === 62) return this.token(i + 2, Tok.Neq);
        return this.token(i + 1, Tok.Lt);
      case 62:
        return next === 61 ? this.token(i + 2, Tok.Ge) : this.token(i + 1, Tok.Gt);
      case 39:
        return this.string(i + 1, Tok.String, i);
    }
    if ((c === 104 || c === 98 || c === 116) && next === 39) {
      const type = c === 104 ? Tok.Hex : c === 98 ? Tok.Binary : Tok.Timestamp;
      return this.string(i + 2, type, i);
    }
    if (isDigit(c) || ((c === 45 || c === 43) && (isDigit(next) || next === 46))) return this.numberAt(i);
    if (isIdentStart(c)) {
      const j = wordEnd(input, i);
      const word = input.slice(i, j);
      this.text = word;
      this.type = keywordOf(word);
      if (this.type === Tok.Bool) this.number = word === "true" ? 1 : 0;
      this.end = this.position = j;
      return undefined;
    }
    if (c === 47 && next === 42) return this.fail("unterminated comment (missing */)", i);
    return this.fail(`unexpected character '${input[i]}'`, i);
  }

  private backslashFrom(from: number): number {
    if (from < this.backslashSearchedFrom || (this.backslash >= 0 && this.backslash < from)) {
      this.backslash = this.input.indexOf("\\", from);
      this.backslashSearchedFrom = from;
    }
    return this.backslash;
  }

  private token(end: number, type: Tok): undefined {
    this.type = type;
    this.end = this.position = end;
  }

  private string(from: number, type: Tok, start: number): undefined {
    const input = this.input;
    let value = "";
    let chunk = from;
    for (;;) {
      // indexOf runs natively, so a literal without escapes is one call for its quote.
      const quote = input.indexOf("'", chunk);
      const backslash = this.backslashFrom(chunk);
      if (backslash >= 0 && (quote < 0 || backslash < quote)) {
        const escaped = input.charCodeAt(backslash + 1);
        if (escaped !== 39 && escaped !== 92)
          this.fail("invalid escape in string literal: only \\' and \\\\ are allowed", backslash);
        value += input.slice(chunk, backslash) + String.fromCharCode(escaped);
        chunk = backslash + 2;
        continue;
      }
      if (quote < 0) this.fail("unterminated string literal (missing closing ')", start);
      value += input.slice(chunk, quote);
      chunk = quote;
      break;
    }
    const i = chunk;
    this.type = type;
    this.text = value;
    this.end = this.position = i + 1;
    if (type === Tok.Hex && !isHexOctets(value))
      this.fail("hex literal h'…' needs an even number of hex digits", start);
    if (type === Tok.Binary && !isBase64(value)) this.fail("binary literal b'…' is not valid base64", start);
    if (type === Tok.Timestamp && !isTimestamp(value))
      this.fail("timestamp literal t'…' must be RFC 3339 UTC, e.g. t'2026-01-01T00:00:00Z'", start);
  }

  private numberAt(i: number): undefined {
    const input = this.input;
    let j = i;
    if (input.charCodeAt(j) === 45 || input.charCodeAt(j) === 43) j++;
    const digits = j;
    while (isDigit(input.charCodeAt(j))) j++;
    let float = false;
    if (input.charCodeAt(j) === 46) {
      float = true;
      j++;
      if (!isDigit(input.charCodeAt(j))) this.fail("expected digits after the decimal point", j);
      while (isDigit(input.charCodeAt(j))) j++;
    }
    // IntPosLiteral/IntNegLiteral are '0' or start with 1–9; floats may have leading zeros. A name may follow a
    // number directly: the grammar's lexer ends the number there (`WITHIN 5SECONDS`).
    if (!float && j - digits > 1 && input.charCodeAt(digits) === 48)
      this.fail("an integer must not start with 0 (the grammar's integers are 0 or start with 1–9)", i);
    const text = input.slice(i, j);
    this.type = float ? Tok.Float : Tok.Int;
    this.number = Number(text);
    this.text = text;
    this.end = this.position = j;
  }
}
