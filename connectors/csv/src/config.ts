import {
  ConfigError,
  type IocRecord,
  type JsonSchema,
  RECORD_FIELDS,
  sizeSchema,
  sizeSetting,
} from "@taxiway/core";

export const DEFAULT_COLUMNS: readonly (keyof IocRecord)[] = [
  "type",
  "value",
  "stix_id",
  "name",
  "confidence",
  "tlp",
  "valid_from",
  "valid_until",
  "labels",
];

/** IocRecord fields a column may name: every field but the feed's defanged original (`value` is the live form). */
export const COLUMN_NAMES: readonly (keyof IocRecord)[] = RECORD_FIELDS.filter(
  (field) => field !== "value_original",
);

export interface CsvConfig {
  /** File path, relative to the job file's directory; may contain {job}, {collection}, {date}. */
  path: string;
  columns?: (keyof IocRecord)[];
  /** `append` (default): add rows, exactly-once by offsets. `snapshot`: only the currently valid IOCs, swapped in atomically. */
  mode?: "append" | "snapshot";
  /** Write rows for `action: delete` records (revoked/expired) too; the `action` column tells them apart. */
  write_deletes?: boolean;
  line_ending?: "crlf" | "lf";
  bom?: boolean;
  header?: boolean;
  delimiter?: string;
  /** Joins multi-valued fields (labels, indicator_types, hashes…). */
  multi_value_separator?: string;
  /** Neutralize cells that a spreadsheet would run as a formula. On by default. */
  formula_guard?: boolean;
  gzip?: boolean;
  rotate?: { max_bytes?: number | string; daily?: boolean };
  /** Write through a symbolic link at the output path (off: such a path is refused). */
  follow_symlinks?: boolean;
}

export const configSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["path"],
  properties: {
    path: {
      type: "string",
      minLength: 1,
      description:
        "Output file; relative to the job file. Placeholders: {job}, {collection}, {date} (UTC YYYY-MM-DD).",
    },
    columns: {
      type: "array",
      minItems: 1,
      uniqueItems: true,
      items: { enum: [...COLUMN_NAMES] },
      description: "IocRecord fields, in order.",
      default: [...DEFAULT_COLUMNS],
    },
    mode: {
      enum: ["append", "snapshot"],
      default: "append",
      description:
        "append: a log of every record. snapshot: one file of the currently valid IOCs (a blocklist).",
    },
    write_deletes: {
      type: "boolean",
      default: true,
      description:
        "Also write rows for revoked/expired indicators (action=delete). Off for a blocklist-style log.",
    },
    line_ending: { enum: ["crlf", "lf"], default: "crlf" },
    bom: { type: "boolean", default: false, description: "Start each file with a UTF-8 BOM (for Excel)." },
    header: { type: "boolean", default: true },
    delimiter: { type: "string", minLength: 1, maxLength: 1, not: { enum: ['"', "\r", "\n"] }, default: "," },
    multi_value_separator: { type: "string", minLength: 1, default: "|" },
    formula_guard: {
      type: "boolean",
      default: true,
      description:
        "Prefix cells starting with = + - @ tab or CR with a single quote. Turn off only for machine readers.",
    },
    gzip: { type: "boolean", default: false, description: "Write .gz files (one gzip member per flush)." },
    follow_symlinks: {
      type: "boolean",
      default: false,
      description:
        "Write through a symbolic link at an output path. Off by default: a link there is refused, so rows never land (and a restart never truncates) outside the output directory.",
    },
    rotate: {
      type: "object",
      additionalProperties: false,
      properties: {
        max_bytes: sizeSchema("Start a new file (name.1.csv, name.2.csv…) before this size (at least 1kb)."),
        daily: { type: "boolean" },
      },
    },
  },
};

export interface ResolvedCsvConfig {
  pathTemplate: string;
  columns: readonly (keyof IocRecord)[];
  mode: "append" | "snapshot";
  writeDeletes: boolean;
  eol: string;
  bom: boolean;
  header: boolean;
  delimiter: string;
  separator: string;
  formulaGuard: boolean;
  gzip: boolean;
  maxBytes: number | undefined;
  daily: boolean;
  followSymlinks: boolean;
}

export function resolveConfig(config: CsvConfig): ResolvedCsvConfig {
  if (config.mode === "snapshot" && config.rotate !== undefined) {
    throw new ConfigError("csv: rotate applies to append mode only; a snapshot is always one file", {
      code: "CONFIG_INVALID",
      details: { keys: ["mode", "rotate"] },
    });
  }
  return {
    pathTemplate: config.path,
    columns: config.columns ?? DEFAULT_COLUMNS,
    mode: config.mode ?? "append",
    writeDeletes: config.write_deletes ?? true,
    eol: config.line_ending === "lf" ? "\n" : "\r\n",
    bom: config.bom ?? false,
    header: config.header ?? true,
    delimiter: config.delimiter ?? ",",
    separator: config.multi_value_separator ?? "|",
    formulaGuard: config.formula_guard ?? true,
    gzip: config.gzip ?? false,
    maxBytes: sizeSetting(config.rotate?.max_bytes, "rotate.max_bytes", { min: 1 }),
    daily: config.rotate?.daily ?? false,
    followSymlinks: config.follow_symlinks ?? false,
  };
}
