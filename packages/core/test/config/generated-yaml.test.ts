// Issue 24 (start like a cron tool): job files are read with a one-module bundle of the `yaml` package's parser
// (dist/config/generated-yaml.js, made by scripts/bundle-yaml.mjs from the package's ES module build) instead of
// the package's 72-file CommonJS entry. It must read every file exactly as the package does: the same values, the
// same errors at the same offsets, the same line and column for every node. Checked on the example jobs and on a
// generated space of YAML texts (values written in block and flow styles, then cut and spliced to make bad ones).
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as yaml from "yaml";
import { YAML_PARSER_EXPORTS, type YamlParser } from "../../src/config/yaml-parser.js";

const GENERATED = new URL("../../dist/config/generated-yaml.js", import.meta.url);
const CONFIGS = fileURLToPath(new URL("../../../../configs/", import.meta.url));

/** Everything a job file's reader looks at, from one parser: values, errors, and every node's position. */
function reading(parser: YamlParser, text: string) {
  const counter = new parser.LineCounter();
  const document = parser.parseDocument(text, {
    lineCounter: counter,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const positions: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (parser.isScalar(node) && node.range)
      positions.push(`${path}=${JSON.stringify(counter.linePos(node.range[0]))}`);
    if (parser.isMap(node) || (node && typeof node === "object" && "items" in node))
      for (const [index, item] of ((node as { items: unknown[] }).items ?? []).entries()) {
        if (parser.isPair(item)) {
          walk(item.key, `${path}/${index}k`);
          walk(item.value, `${path}/${index}v`);
        } else walk(item, `${path}/${index}`);
      }
  };
  walk(document.contents, "");
  let value: unknown;
  try {
    value = document.errors.length === 0 ? document.toJS({ maxAliasCount: 100 }) : undefined;
  } catch (error) {
    value = `throws: ${(error as Error).message}`;
  }
  return {
    value,
    errors: document.errors.map((e) => ({ code: e.code, message: e.message, pos: e.pos })),
    warnings: document.warnings.map((e) => ({ code: e.code, pos: e.pos })),
    positions,
  };
}

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null)),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie("value"), { maxKeys: 4 }),
  ),
}));

const yamlText = fc
  .tuple(json.value, fc.record({ indent: fc.integer({ min: 1, max: 4 }), flow: fc.boolean() }))
  .map(([value, { indent, flow }]) =>
    yaml.stringify(value, { indent, collectionStyle: flow ? "flow" : "any" }),
  );

/** A good text, or one cut and spliced at random places (unclosed quotes and brackets, bad indentation). */
const anyText = fc.oneof(
  yamlText,
  fc
    .tuple(yamlText, yamlText, fc.nat(), fc.nat())
    .map(([a, b, i, j]) => a.slice(0, i % (a.length + 1)) + b.slice(j % (b.length + 1))),
  fc
    .tuple(yamlText, fc.constantFrom("{", "[", '"', "'", ": :", "\t", "- ", "&a", "*a", "!!bin ", "? "))
    .map(([text, junk]) => `${text.slice(0, text.length >> 1)}${junk}${text.slice(text.length >> 1)}`),
);

describe("the bundled YAML parser (dist/config/generated-yaml.js)", () => {
  it("is made by the build (pnpm build; pnpm test builds first)", () => {
    expect(existsSync(GENERATED)).toBe(true);
  });

  it("exports the parser's names and nothing else", async () => {
    const generated = await import(GENERATED.href);
    expect(Object.keys(generated).sort()).toEqual([...YAML_PARSER_EXPORTS].sort());
  });

  it("reads the example job files exactly as the yaml package does", async () => {
    const generated = (await import(GENERATED.href)) as YamlParser;
    const files = (await readdir(CONFIGS)).filter((name) => name.endsWith(".yaml"));
    expect(files.length).toBeGreaterThan(3);
    for (const name of files) {
      const text = await readFile(`${CONFIGS}${name}`, "utf8");
      expect(reading(generated, text), name).toEqual(reading(yaml, text));
    }
  });

  it("reads generated texts, good and broken, exactly as the yaml package does", async () => {
    const generated = (await import(GENERATED.href)) as YamlParser;
    fc.assert(
      fc.property(anyText, (text) => {
        expect(reading(generated, text)).toEqual(reading(yaml, text));
      }),
      { seed: 24, numRuns: 400 },
    );
  });
});
