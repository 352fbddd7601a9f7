// Validity of the typed literals t'…', h'…' and b'…', shared by the lexer and the observation scanner.

const TIMESTAMP =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
// At least one group: the grammar's BinaryLiteral has no empty form (b'' is invalid; h'' is valid).
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)$/;

/**
 * The grammar's TimestampLiteral: RFC 3339 UTC with field ranges (month 01–12, day 01–31, hour 00–23, second up to
 * the leap second 60), not a calendar check: the OASIS validator's own tests accept t'2024-02-30T12:00:00Z'.
 */
export const isTimestamp = (value: string) => TIMESTAMP.test(value);
export const isHexOctets = (value: string) => HEX.test(value);
export const isBase64 = (value: string) => BASE64.test(value);
