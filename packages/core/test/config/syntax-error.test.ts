// Issue 24 follow-up: a job file with a YAML syntax error was reported under the label "(YAML syntax)" where every
// other problem has a YAML path (in text and in the failure object's `problems[].path`). The problem now names the
// nearest key or item the partly parsed document shows (`source.url`), or `(document)` when none holds the error,
// with the line and column where the parser found it, and where an unclosed value began.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConfigProblem, ConnectorRegistry, JobConfigError, loadJobFile } from "@taxiway/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as yaml from "yaml";

let dir: string | undefined;

async function problemOf(text: string): Promise<ConfigProblem> {
  dir ??= await mkdtemp(join(tmpdir(), "taxiway-syntax-"));
  const path = join(dir, "job.yaml");
  await writeFile(path, text);
  const error = await loadJobFile(path, { env: {}, registry: new ConnectorRegistry() }).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JobConfigError);
  expect((error as JobConfigError).code).toBe("CONFIG_INVALID");
  const problems = (error as JobConfigError).problems;
  expect(problems).toHaveLength(1);
  return problems[0] as ConfigProblem;
}

const where = (p: ConfigProblem) => `${p.path} @${p.line}:${p.column}`;

describe("a YAML syntax error names the nearest YAML path, its line and column", () => {
  it.each([
    [
      "an unclosed quote: the value it opens",
      'name: x\nsource:\n  type: taxii\n  url: "http://a/\n  collection: c\nsinks: []\n',
      "source.url @7:1",
      /Missing closing "quote; the value of source\.url begins at line 4, column 8$/,
    ],
    [
      "an unclosed flow mapping: the mapping",
      'name: x\nsource: { type: taxii, url: "http://a", collection: c\nsinks: []\n',
      "source @3:1",
      /the value of source begins at line 2, column 9$/,
    ],
    [
      "a key indented too far: the value it breaks",
      "name: x\nsource:\n  type: taxii\n  url: http://a/\n   collection: c\n",
      "source.url @4:8",
      /^YAML syntax error: /,
    ],
    ["a mapping on one line after a key", "a: b: c\n", "a @1:4", /compact mappings/],
    ["a duplicate key: that key", "name: x\nname: y\nsource: {}\n", "name @2:1", /Map keys must be unique/],
    ["a tab before a key: that key", "name: x\n\tsource: 1\n", "source @2:1", /Tabs are not allowed/],
    [
      "an unclosed quote in a list item",
      "name: x\nsinks:\n  - type: csv\n  - 'open\n",
      "sinks[1] @5:1",
      /Missing closing 'quote; the value of sinks\[1\] begins at line 4, column 5$/,
    ],
    ["an unclosed flow mapping at the top: the document", "{\n", "(document) @2:1", /must end with a \}/],
    [
      "a second document: the document",
      "name: x\n---\nname: y\n",
      "(document) @2:1",
      /one YAML document, and a second one begins here/,
    ],
  ])("%s", async (_name, text, expected, message) => {
    const problem = await problemOf(text);
    expect(where(problem)).toBe(expected);
    expect(problem.message).toMatch(message);
  });

  // Any broken text: a path that is never empty, and a line and column inside the file.
  it("always has a path and a position inside the file, for generated broken job files", async () => {
    const job = {
      name: "partner-intel",
      source: { type: "taxii", url: "https://t.example/taxii2/", collection: "c", auth: { type: "none" } },
      sinks: [{ type: "csv", path: "./out.csv", columns: ["type", "value"] }],
    };
    const texts = fc
      .tuple(
        fc.boolean(),
        fc.nat(),
        fc.constantFrom(
          '"',
          "'",
          "{",
          "[",
          "\t",
          ": :",
          "- ",
          "&a *b",
          "\n   x: 1\n",
          "}",
          "]",
          "\n---\n",
          "%",
        ),
      )
      .map(([flow, at, junk]) => {
        const text = yaml.stringify(job, { collectionStyle: flow ? "flow" : "block" });
        const cut = at % (text.length + 1);
        return text.slice(0, cut) + junk + text.slice(cut);
      })
      .filter((text) => yaml.parseDocument(text, { uniqueKeys: true }).errors.length > 0);
    await fc.assert(
      fc.asyncProperty(texts, async (text) => {
        const problem = await problemOf(text);
        expect(problem.path).not.toBe("");
        expect(problem.message).toMatch(/^YAML syntax error: \S/);
        expect(problem.line).toBeGreaterThanOrEqual(1);
        expect(problem.line).toBeLessThanOrEqual(text.split("\n").length);
        expect(problem.column).toBeGreaterThanOrEqual(1);
      }),
      { seed: 24, numRuns: 150 },
    );
  });
});
