import type { IocRecord } from "@taxiway/core";
import type { ResolvedCsvConfig } from "./config.js";

/**
 * What a spreadsheet may run as a formula (OWASP CSV injection): = + - @ (ASCII or full-width ＝ ＋ － ＠), after any
 * blanks or invisible characters a spreadsheet skips (spaces, NBSP, zero-width U+200B–U+200D, U+2060, U+FEFF), and
 * cells starting with a tab, CR or LF.
 */
const FORMULA_SOURCE =
  "^[\\s\\u200B-\\u200D\\u2060\\uFEFF]*[=+\\-@\\uFF1D\\uFF0B\\uFF0D\\uFF20]|^[\\t\\r\\n]";
const FORMULA_START = new RegExp(FORMULA_SOURCE);
const NEEDS_QUOTES = /["\r\n]/;

function flatten(value: unknown, separator: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map((item) => flatten(item, separator)).join(separator);
  if (typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.kill_chain_name === "string" && typeof o.phase_name === "string") {
      return `${o.kill_chain_name}:${o.phase_name}`;
    }
    if (typeof o.source_name === "string") {
      const id = o.external_id ?? o.url;
      return typeof id === "string" ? `${o.source_name}:${id}` : o.source_name;
    }
    return Object.entries(o)
      .map(([k, v]) => `${k}=${flatten(v, separator)}`)
      .join(separator);
  }
  return String(value);
}

type CellOptions = Pick<ResolvedCsvConfig, "separator" | "formulaGuard" | "delimiter">;

const specialCharacters = new WeakMap<object, RegExp>();

// Own code, not csv-stringify: the formula guard (a security property) must see every cell before quoting, and rows are
// built straight into the append buffer on the hot path; RFC 4180 quoting is a few lines here.
/** One regex that says whether a cell needs any work at all (most cells do not). */
function specialFor(config: CellOptions): RegExp {
  let special = specialCharacters.get(config);
  if (!special) {
    const delimiter = config.delimiter.replace(/[\\\]^-]/g, "\\$&");
    special = new RegExp(`${config.formulaGuard ? `${FORMULA_SOURCE}|` : ""}["\\r\\n${delimiter}]`);
    specialCharacters.set(config, special);
  }
  return special;
}

/** One cell: flattened, formula-guarded (OWASP: prefix with a single quote), RFC 4180 quoted when needed. */
export function renderCell(value: unknown, config: CellOptions): string {
  let text = flatten(value, config.separator);
  if (!specialFor(config).test(text)) return text;
  if (config.formulaGuard && FORMULA_START.test(text)) text = `'${text}`;
  if (NEEDS_QUOTES.test(text) || text.includes(config.delimiter)) return `"${text.replaceAll('"', '""')}"`;
  return text;
}

export function renderRow(record: IocRecord, config: ResolvedCsvConfig): string {
  let row = "";
  const { columns, delimiter } = config;
  for (let i = 0; i < columns.length; i++) {
    if (i > 0) row += delimiter;
    row += renderCell(record[columns[i] as keyof IocRecord], config);
  }
  return row + config.eol;
}

export function renderHeader(config: ResolvedCsvConfig): string {
  return config.columns.map((column) => renderCell(column, config)).join(config.delimiter) + config.eol;
}
