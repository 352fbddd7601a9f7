import { TaxiwayError } from "../../errors/index.js";

/** A pattern that is not valid STIX 2.1 patterning: where (character offset) and what was expected. */
export class PatternSyntaxError extends TaxiwayError {
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} at offset ${offset}`, {
      code: "PATTERN_SYNTAX",
      retryable: false,
      details: { offset },
    });
    this.offset = offset;
  }
}
