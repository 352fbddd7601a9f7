import type { LedgerEntry } from "./expiry-ledger.js";

/**
 * Ledger lines are built by hand on the hot path (one per written record), byte for byte what
 * `JSON.stringify(entry) + "\n"` gives for the same entry (ECMA-262 §25.5.2.2 SerializeJSONProperty): properties in
 * insertion order, `undefined` ones left out, strings quoted as QuoteJSONString does, integers as Number::toString.
 * A string holding anything QuoteJSONString escapes (", \, U+0000–U+001F, a surrogate) and any value whose type is
 * not the usual one go through JSON.stringify itself.
 */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** QuoteJSONString(text) (= JSON.stringify(text)). */
export function jsonString(text: string): string {
  return ESCAPED.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/**
 * jsonString that remembers its last answer: consecutive records of a page mostly share their collection, and often
 * their `modified`, so most calls cost a string comparison instead of a scan.
 */
function lastJsonString(): (text: string) => string {
  let last = "";
  let lastJson = '""';
  return (text) => {
    if (text !== last) {
      lastJson = jsonString(text);
      last = text;
    }
    return lastJson;
  };
}

const modifiedJson = lastJsonString();
const collectionJson = lastJsonString();

/**
 * JSON.stringify(`body + eol`). `bodyJsonSafe`: the caller knows the body holds nothing QuoteJSONString escapes
 * (RowRenderer.jsonSafe), so it is not scanned again.
 */
function jsonRow(body: string, bodyJsonSafe: boolean, eol: string): string {
  if (!bodyJsonSafe && ESCAPED.test(body)) return JSON.stringify(body + eol);
  return `"${body}${eol === "\r\n" ? "\\r\\n" : eol === "\n" ? "\\n" : JSON.stringify(eol).slice(1, -1)}"`;
}

const isCount = (n: unknown): n is number => typeof n === "number" && Number.isFinite(n);

/** Where a ledger line's row ends: the logical file (`f`, its JSON given), its rotation (`s`) and byte offset (`o`). */
export interface LinePosition {
  /** The logical file name. */
  name: string;
  /** `jsonString(name)`, computed once per file. */
  nameJson: string;
  seq: number;
  offset: number;
}

/**
 * The ledger line (with its newline) of a live IOC: `{k, m, x?, c, r, f, s, o}`, `r` being `rowBody + eol`. Equal to
 * `JSON.stringify({k, m, ...(x ? {x} : {}), c, r, f, s, o}) + "\n"`.
 */
export function liveLine(
  k: string,
  m: string,
  x: string | undefined,
  c: string | undefined,
  rowBody: string,
  rowBodyJsonSafe: boolean,
  eol: string,
  at: LinePosition,
): string {
  if (
    typeof k !== "string" ||
    typeof m !== "string" ||
    (x && typeof x !== "string") ||
    (c !== undefined && typeof c !== "string") ||
    !isCount(at.seq) ||
    !isCount(at.offset)
  ) {
    const entry = { k, m, ...(x ? { x } : {}), c, r: rowBody + eol, f: at.name, s: at.seq, o: at.offset };
    return `${JSON.stringify(entry)}\n`;
  }
  const expiry = x ? `,"x":${jsonString(x)}` : "";
  const collection = c === undefined ? "" : `,"c":${collectionJson(c)}`;
  return `{"k":${jsonString(k)},"m":${modifiedJson(m)}${expiry}${collection},"r":${jsonRow(rowBody, rowBodyJsonSafe, eol)},"f":${at.nameJson},"s":${at.seq},"o":${at.offset}}\n`;
}

/** The ledger line (with its newline) of a deletion: `{k, m, d: 1, f, s, o}`. */
export function deletionLine(k: string, m: string, at: LinePosition): string {
  if (typeof k !== "string" || typeof m !== "string" || !isCount(at.seq) || !isCount(at.offset))
    return `${JSON.stringify({ k, m, d: 1, f: at.name, s: at.seq, o: at.offset } satisfies LedgerEntry)}\n`;
  return `{"k":${jsonString(k)},"m":${modifiedJson(m)},"d":1,"f":${at.nameJson},"s":${at.seq},"o":${at.offset}}\n`;
}
