// Validity of the typed literals t'…', h'…' and b'…', shared by the lexer and the observation scanner.

const TIMESTAMP =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** RFC 3339 UTC, as STIX timestamps are written, and a real date (no 30 February). */
export const isTimestamp = (value: string) => TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
export const isHexOctets = (value: string) => HEX.test(value);
export const isBase64 = (value: string) => BASE64.test(value);
