import type { IocRecord } from "@taxiway/core";
import type { ResolvedCsvConfig } from "./config.js";

/**
 * What a spreadsheet may run as a formula (OWASP CSV injection): = + - @ (ASCII or full-width ＝ ＋ － ＠), after any
 * blanks or invisible characters a spreadsheet skips (spaces, NBSP, zero-width U+200B–U+200D, U+2060, U+FEFF), and
 * cells starting with a tab, CR or LF.
 */
const FORMULA_START = /^[\s\u200B-\u200D\u2060\uFEFF]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/;

/**
 * Whether FORMULA_START cannot match a cell starting with this UTF-16 code unit: printable ASCII other than
 * = + - @. Every character FORMULA_START can start with is outside it (the ASCII ones `\s` covers are all ≤ 0x20),
 * so a cell starting with such a character skips the regex; any other start (non-ASCII, blanks, controls, = + - @)
 * still goes through it.
 */
function cannotStartFormula(code: number): boolean {
  return code > 0x20 && code < 0x7f && code !== 0x3d && code !== 0x2b && code !== 0x2d && code !== 0x40;
}

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

/** A character class source matching `text` literally. */
const inClass = (text: string) => text.replace(/[\\\]^-]/g, "\\$&");

/** What JSON.stringify escapes in a string (ECMA-262 QuoteJSONString): ", \, U+0000–U+001F, surrogates. */
const JSON_ESCAPED_CLASS = '"\\\\\\u0000-\\u001f\\ud800-\\udfff';

// Own code, not csv-stringify: the formula guard (a security property) must see every cell before quoting, and rows are
// built straight into the append buffer on the hot path; RFC 4180 quoting is a few lines here.
/**
 * Renders the cells of one configuration: flattened, formula-guarded (OWASP: prefix with a single quote), RFC 4180
 * quoted when the (guarded) text holds a quote, CR, LF or the delimiter. Regexes are built once, here. One regex says
 * whether a cell needs any work after the guard; it also matches what JSON escapes, so `jsonSafe` tells the expiry
 * ledger whether the cells rendered since it was set can go into a JSON string as they are.
 */
export class CellRenderer {
  /** False once a cell rendered since it was last set to true holds a character JSON.stringify escapes. */
  jsonSafe = true;
  readonly #separator: string;
  readonly #formulaGuard: boolean;
  readonly #needsQuotes: RegExp;
  /** needsQuotes, and what JSON escapes. */
  readonly #special: RegExp;

  constructor({ separator, formulaGuard, delimiter }: CellOptions) {
    this.#separator = separator;
    this.#formulaGuard = formulaGuard;
    this.#needsQuotes = new RegExp(`["\\r\\n${inClass(delimiter)}]`);
    this.#special = new RegExp(`[${inClass(delimiter)}${JSON_ESCAPED_CLASS}]`);
  }

  render(value: unknown): string {
    let text = typeof value === "string" ? value : flatten(value, this.#separator);
    if (text === "") return text;
    if (this.#formulaGuard && !cannotStartFormula(text.charCodeAt(0)) && FORMULA_START.test(text))
      text = `'${text}`;
    if (!this.#special.test(text)) return text;
    this.jsonSafe = false;
    return this.#needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  }
}

const renderers = new WeakMap<object, CellRenderer>();

/** One cell: flattened, formula-guarded (OWASP: prefix with a single quote), RFC 4180 quoted when needed. */
export function renderCell(value: unknown, config: CellOptions): string {
  let renderer = renderers.get(config);
  if (!renderer) {
    renderer = new CellRenderer(config);
    renderers.set(config, renderer);
  }
  return renderer.render(value);
}

/** Renders the configured columns of a record as one CSV row, without the line ending (`config.eol`). */
export class RowRenderer {
  /**
   * Whether the last row rendered holds nothing JSON.stringify escapes (its cells, and the delimiter between them),
   * so that the expiry ledger can quote it as it is.
   */
  jsonSafe = true;
  readonly #cells: CellRenderer;
  readonly #columns: readonly (keyof IocRecord)[];
  readonly #delimiter: string;
  readonly #delimiterJsonSafe: boolean;

  constructor(config: ResolvedCsvConfig) {
    this.#cells = new CellRenderer(config);
    this.#columns = config.columns;
    this.#delimiter = config.delimiter;
    this.#delimiterJsonSafe =
      config.columns.length < 2 || !new RegExp(`[${JSON_ESCAPED_CLASS}]`).test(config.delimiter);
  }

  render(record: IocRecord): string {
    const cells = this.#cells;
    const columns = this.#columns;
    cells.jsonSafe = this.#delimiterJsonSafe;
    let row = cells.render(record[columns[0] as keyof IocRecord]);
    for (let i = 1; i < columns.length; i++)
      row += this.#delimiter + cells.render(record[columns[i] as keyof IocRecord]);
    this.jsonSafe = cells.jsonSafe;
    return row;
  }
}

const rowRenderers = new WeakMap<object, RowRenderer>();

/** One row, line ending included. */
export function renderRow(record: IocRecord, config: ResolvedCsvConfig): string {
  let renderer = rowRenderers.get(config);
  if (!renderer) {
    renderer = new RowRenderer(config);
    rowRenderers.set(config, renderer);
  }
  return renderer.render(record) + config.eol;
}

export function renderHeader(config: ResolvedCsvConfig): string {
  return config.columns.map((column) => renderCell(column, config)).join(config.delimiter) + config.eol;
}
