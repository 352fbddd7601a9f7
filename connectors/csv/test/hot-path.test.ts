// Issue 24: the append sink's per-record work was cut (a first-character pre-check before the formula regex, rows
// rendered once, ledger lines serialised by hand, one date parse per distinct expiry). Each shortcut is checked here
// against what it replaces: the previous cell renderer and JSON.stringify, on generated inputs (fixed seeds).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IocRecord } from "@taxiway/core";
import { sampleRecord, testSinkContext } from "@taxiway/testkit";
import fc from "fast-check";
import { afterAll, describe, expect, it, vi } from "vitest";
import { resolveConfig } from "../src/config.js";
import { connector, renderCell } from "../src/index.js";
import { deletionLine, jsonString, liveLine } from "../src/ledger-line.js";
import { RowRenderer } from "../src/row.js";

// --- The cell renderer before issue 24, kept as the model --------------------------------------------------------
const PREVIOUS_FORMULA_SOURCE =
  "^[\\s\\u200B-\\u200D\\u2060\\uFEFF]*[=+\\-@\\uFF1D\\uFF0B\\uFF0D\\uFF20]|^[\\t\\r\\n]";
const PREVIOUS_FORMULA_START = new RegExp(PREVIOUS_FORMULA_SOURCE);
function previousFlatten(value: unknown, separator: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map((item) => previousFlatten(item, separator)).join(separator);
  if (typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.kill_chain_name === "string" && typeof o.phase_name === "string")
      return `${o.kill_chain_name}:${o.phase_name}`;
    if (typeof o.source_name === "string") {
      const id = o.external_id ?? o.url;
      return typeof id === "string" ? `${o.source_name}:${id}` : o.source_name;
    }
    return Object.entries(o)
      .map(([k, v]) => `${k}=${previousFlatten(v, separator)}`)
      .join(separator);
  }
  return String(value);
}
interface CellOptions {
  separator: string;
  formulaGuard: boolean;
  delimiter: string;
}
function previousRenderCell(value: unknown, config: CellOptions): string {
  let text = previousFlatten(value, config.separator);
  const delimiter = config.delimiter.replace(/[\\\]^-]/g, "\\$&");
  const special = new RegExp(
    `${config.formulaGuard ? `${PREVIOUS_FORMULA_SOURCE}|` : ""}["\\r\\n${delimiter}]`,
  );
  if (!special.test(text)) return text;
  if (config.formulaGuard && PREVIOUS_FORMULA_START.test(text)) text = `'${text}`;
  if (/["\r\n]/.test(text) || text.includes(config.delimiter)) return `"${text.replaceAll('"', '""')}"`;
  return text;
}

// --- Generators ---------------------------------------------------------------------------------------------------
/** Characters that matter to the formula guard, to RFC 4180 quoting, and to JSON escaping, plus ordinary ones. */
const tricky = fc.constantFrom(
  ..."=+-@\t\r\n \u00A0\u1680\u2000\u200A\u200B\u200C\u200D\u2028\u2029\u202F\u205F\u2060\u3000\uFEFF\uFF1D\uFF0B\uFF0D\uFF20",
  ..."\",;|'\\/:.0aZ~\u007f\u0000\u0001\u001f\u00e9\u4e2d",
  "\ud800",
  "\udc00",
  "\ud83d\ude00",
);
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: tricky, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const cellValue = fc.oneof(
  { weight: 6, arbitrary: text },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, 0, -1.5, 80, true, false) },
  { weight: 1, arbitrary: fc.array(text, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.record({ kill_chain_name: text, phase_name: text }) },
  {
    weight: 1,
    arbitrary: fc.record({ source_name: text, external_id: fc.option(text, { nil: undefined }) }),
  },
  { weight: 1, arbitrary: fc.dictionary(text, text, { maxKeys: 3 }) },
);
const cellOptions = fc.record({
  delimiter: fc.constantFrom(",", ";", "\t", "|", "'", "=", "\\", " ", "]", "^", "-", "\u00e9"),
  separator: fc.constantFrom("|", ";", "=", "'", ","),
  formulaGuard: fc.boolean(),
});

describe("csv hot path: cells and rows render as before", () => {
  it("the first-character pre-check before the formula regex renders every cell as the previous renderer did", () => {
    fc.assert(
      fc.property(cellValue, cellOptions, (value, options) => {
        expect(renderCell(value, { ...options })).toBe(previousRenderCell(value, options));
      }),
      { seed: 2424, numRuns: 20_000 },
    );
  });

  it("any cell starting with a trigger after skippable blanks is still neutralised", () => {
    const skippable = fc.constantFrom(
      " ",
      "\u00A0",
      "\u2000",
      "\u3000",
      "\u200B",
      "\u2060",
      "\uFEFF",
      "\t",
      "\n",
      "\r",
    );
    const trigger = fc.constantFrom("=", "+", "-", "@", "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20");
    fc.assert(
      fc.property(fc.array(skippable, { maxLength: 4 }), trigger, text, (blanks, start, rest) => {
        const cell = renderCell(`${blanks.join("")}${start}${rest}`, {
          separator: "|",
          formulaGuard: true,
          delimiter: ",",
        });
        expect(cell.replace(/^"/, "").startsWith("'")).toBe(true);
      }),
      { seed: 2425, numRuns: 5_000 },
    );
  });

  it("a row said to be JSON-safe is one JSON.stringify leaves as it is, and rows equal the previous cells joined", () => {
    const columns = ["type", "value", "stix_id", "labels", "kill_chain_phases", "confidence"] as const;
    fc.assert(
      fc.property(
        cellOptions,
        fc.constantFrom<readonly (keyof IocRecord)[]>(columns, ["value"], ["labels", "value"]),
        text,
        fc.array(text, { maxLength: 3 }),
        text,
        (options, chosen, value, labels, phase) => {
          const config = resolveConfig({
            path: "x.csv",
            columns: [...chosen],
            delimiter: options.delimiter,
            multi_value_separator: options.separator,
            formula_guard: options.formulaGuard,
          });
          const record = sampleRecord(1, {
            value,
            labels,
            kill_chain_phases: [{ kill_chain_name: "k", phase_name: phase }],
          });
          const rows = new RowRenderer(config);
          const row = rows.render(record);
          expect(row).toBe(
            chosen.map((column) => previousRenderCell(record[column], options)).join(options.delimiter),
          );
          if (rows.jsonSafe) expect(JSON.stringify(row)).toBe(`"${row}"`);
        },
      ),
      { seed: 2426, numRuns: 5_000 },
    );
  });
});

describe("csv hot path: ledger lines are JSON.stringify's, byte for byte", () => {
  const position = fc.record({
    name: text,
    seq: fc.oneof(fc.nat(), fc.constantFrom(-0, 2 ** 53 - 1)),
    offset: fc.oneof(fc.nat(), fc.constantFrom(-0, 2 ** 53 - 1)),
  });
  const optional = fc.oneof(fc.constant(undefined), fc.constant(""), text);

  it("a live IOC's line", () => {
    fc.assert(
      fc.property(
        text,
        text,
        optional,
        fc.option(text, { nil: undefined }),
        text,
        fc.constantFrom("\r\n", "\n"),
        position,
        fc.boolean(),
        (k, m, x, c, body, eol, at, claimSafe) => {
          // The caller may only say "JSON-safe" when it is (RowRenderer.jsonSafe); it may always say nothing.
          const safe = claimSafe && JSON.stringify(body) === `"${body}"`;
          const line = liveLine(k, m, x, c, body, safe, eol, { ...at, nameJson: jsonString(at.name) });
          const previous = {
            k,
            m,
            ...(x ? { x } : {}),
            c,
            r: body + eol,
            f: at.name,
            s: at.seq,
            o: at.offset,
          };
          expect(line).toBe(`${JSON.stringify(previous)}\n`);
        },
      ),
      { seed: 2427, numRuns: 20_000 },
    );
  });

  it("a deletion's line", () => {
    fc.assert(
      fc.property(text, text, position, (k, m, at) => {
        const line = deletionLine(k, m, { ...at, nameJson: jsonString(at.name) });
        expect(line).toBe(`${JSON.stringify({ k, m, d: 1, f: at.name, s: at.seq, o: at.offset })}\n`);
      }),
      { seed: 2428, numRuns: 10_000 },
    );
  });

  it("values of an unexpected type go through JSON.stringify itself", () => {
    const odd = fc.constantFrom<unknown>(undefined, null, 7, Number.NaN, Number.POSITIVE_INFINITY, true, {});
    fc.assert(
      fc.property(odd, odd, odd, odd, odd, (k, m, x, c, offset) => {
        const at = { name: "/out/iocs.csv", nameJson: '"/out/iocs.csv"', seq: 0, offset: offset as number };
        const line = liveLine(k as string, m as string, x as string, c as string, "a,b", true, "\n", at);
        const previous = { k, m, ...(x ? { x } : {}), c, r: "a,b\n", f: at.name, s: 0, o: offset };
        expect(line).toBe(`${JSON.stringify(previous)}\n`);
        expect(deletionLine(k as string, m as string, at)).toBe(
          `${JSON.stringify({ k, m, d: 1, f: at.name, s: 0, o: offset })}\n`,
        );
      }),
      { seed: 2429, numRuns: 2_000 },
    );
  });
});

describe("csv hot path: work per record", () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));
  const sinkIn = async (columns: (keyof IocRecord)[]) => {
    const dir = await mkdtemp(join(tmpdir(), "taxiway-csv-hot-"));
    dirs.push(dir);
    const sink = connector.create({ path: "iocs.csv", columns }, testSinkContext({ baseDir: dir }));
    await sink.open();
    return sink;
  };
  /** A record that counts how often its `value` is read. */
  const counted = (n: number) => {
    const reads = { value: 0 };
    const record = sampleRecord(n, { valid_until: "2999-01-01T00:00:00.000Z" });
    const { value } = record;
    Object.defineProperty(record, "value", {
      enumerable: true,
      get: () => {
        reads.value++;
        return value;
      },
    });
    return { record, reads };
  };

  it("a row is rendered once: without an action column the ledger's delete row is the written row", async () => {
    const sink = await sinkIn(["type", "value", "stix_id"]);
    const { record, reads } = counted(1);
    await sink.write([record]);
    await sink.close();
    expect(reads.value).toBe(1);
  });

  it("with an action column the delete row is rendered apart (it differs)", async () => {
    const sink = await sinkIn(["action", "value"]);
    const { record, reads } = counted(1);
    await sink.write([record]);
    await sink.close();
    expect(reads.value).toBe(2);
  });

  it("a page whose IOCs share one expiry parses that date once, not twice per record", async () => {
    const sink = await sinkIn(["type", "value"]);
    await sink.write([sampleRecord(0, { valid_until: "2998-01-01T00:00:00.000Z" })]);
    const page = Array.from({ length: 500 }, (_, i) =>
      sampleRecord(i + 1, { valid_until: "2999-01-01T00:00:00.000Z" }),
    );
    const parse = vi.spyOn(Date, "parse");
    try {
      await sink.write(page);
      expect(parse.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      parse.mockRestore();
      await sink.close();
    }
  });
});
