import {
  type Comparison,
  type ComparisonExpression,
  extractFromObject,
  type IocRecord,
  type ObservationExpression,
  parsePattern,
} from "@taxiway/core";
import { readPatternCorpus } from "@taxiway/testkit/fixtures";
import { describe, expect, it } from "vitest";

// Issue 19: on the real-world corpus, every exact comparison (=, not negated, a string) on a path taxiway makes
// IOCs of gives an IOC of the right type carrying that value, or is reported as a failed comparison
// (INVALID_VALUE naming the value). Nothing in between: no value is dropped without a word.

/** The IOC types an exact comparison on each path yields, and where its value lands on the record. */
const PATHS: Record<string, { types: string[]; field: "value" | "file_name" | "hash" }> = {
  "ipv4-addr:value": { types: ["ipv4", "cidr"], field: "value" },
  "ipv6-addr:value": { types: ["ipv6", "cidr"], field: "value" },
  "domain-name:value": { types: ["domain"], field: "value" },
  "url:value": { types: ["url"], field: "value" },
  "email-addr:value": { types: ["email"], field: "value" },
  "mac-addr:value": { types: ["mac"], field: "value" },
  "mutex:name": { types: ["mutex"], field: "value" },
  "windows-registry-key:key": { types: ["registry-key"], field: "value" },
  "directory:path": { types: ["directory"], field: "value" },
  "email-message:subject": { types: ["email-subject"], field: "value" },
  "email-message:from_ref.value": { types: ["email"], field: "value" },
  "network-traffic:dst_ref.value": { types: ["ipv4", "ipv6", "cidr", "domain"], field: "value" },
  "network-traffic:src_ref.value": { types: ["ipv4", "ipv6", "cidr", "domain"], field: "value" },
  // What a domain resolves to (STIX 2.1 §6.3): 496 corpus patterns; these were dropped without a word before.
  "domain-name:resolves_to_refs[].value": { types: ["ipv4", "ipv6", "cidr", "domain"], field: "value" },
  "ipv4-addr:resolves_to_refs[].value": { types: ["mac"], field: "value" },
  "ipv6-addr:resolves_to_refs[].value": { types: ["mac"], field: "value" },
  "file:name": { types: ["file"], field: "file_name" },
  "file:hashes": { types: ["file"], field: "hash" },
  "artifact:hashes": { types: ["artifact"], field: "hash" },
};
const HASHES = new Set(["md5", "sha-1", "sha1", "sha-256", "sha256", "sha-512", "sha512", "ssdeep"]);

function pathOf(comparison: Comparison): string | undefined {
  const steps = comparison.path.steps;
  const names: string[] = [];
  for (const step of steps) {
    if (step.kind === "index") {
      if (names.length === 0) return undefined;
      names[names.length - 1] += "[]";
    } else names.push(step.name);
  }
  const path = `${comparison.path.objectType}:${names.join(".")}`;
  const hashPath = `${comparison.path.objectType}:hashes`;
  if (names[0] === "hashes" && names.length === 2 && HASHES.has((names[1] as string).toLowerCase()))
    return PATHS[hashPath] ? hashPath : undefined;
  return PATHS[path] ? path : undefined;
}

function exactComparisons(expression: ObservationExpression, into: Comparison[]): void {
  if (expression.kind === "qualified") {
    exactComparisons(expression.expression, into);
    return;
  }
  if (expression.kind !== "observation") {
    exactComparisons(expression.left, into);
    exactComparisons(expression.right, into);
    return;
  }
  const pending: ComparisonExpression[] = [expression.comparison];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.kind !== "comparison") pending.push(node.left, node.right);
    else if (node.operator === "=" && !node.negated && node.value?.kind === "string" && pathOf(node))
      into.push(node);
  }
}

/** Case and the refang markers aside, does the record carry this value in the field its path feeds? */
const loose = (text: string) =>
  text
    .toLowerCase()
    .replace(/\[\.\]|\(\.\)/g, ".")
    .replace(/\[@\]/g, "@")
    .replace(/^hxxp/, "http")
    .trim();

function carries(record: IocRecord, field: "value" | "file_name" | "hash", value: string): boolean {
  const wanted = loose(value);
  if (field === "hash") return Object.values(record.hashes ?? {}).some((hash) => loose(hash) === wanted);
  const have = field === "value" ? record.value : (record.file_name ?? "");
  if (loose(have) === wanted || loose(record.value_original ?? "") === wanted) return true;
  // Normal forms: RFC 5952 IPv6, /32 and /128 prefixes dropped, a trailing dot dropped, IDN in punycode.
  return record.type === "ipv6" ||
    record.type === "cidr" ||
    wanted.endsWith(".") ||
    /[^\x00-\x7f]/.test(wanted)
    ? have !== ""
    : wanted.replace(/\/(32|128)$/, "") === loose(have);
}

const corpus = readPatternCorpus();
if ("skip" in corpus) console.warn(`corpus extraction check skipped: ${corpus.skip}`);

describe.skipIf("skip" in corpus)("extraction on the real-world corpus", () => {
  it("every exact comparison on a known path gives an IOC of its type and value, or an INVALID_VALUE naming it", () => {
    const rows = corpus as Exclude<typeof corpus, { skip: string }>;
    const missed: string[] = [];
    let checked = 0;
    for (const [index, row] of rows.entries()) {
      let tree: ObservationExpression;
      try {
        tree = parsePattern(row.pattern);
      } catch {
        continue;
      }
      const comparisons: Comparison[] = [];
      exactComparisons(tree, comparisons);
      if (comparisons.length === 0) continue;
      const result = extractFromObject(
        {
          type: "indicator",
          spec_version: "2.1",
          id: `indicator--00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
          pattern: row.pattern,
          pattern_type: "stix",
        },
        { feed: "corpus", collection: "corpus" },
      );
      for (const comparison of comparisons) {
        checked++;
        const path = pathOf(comparison) as string;
        const { types, field } = PATHS[path] as (typeof PATHS)[string];
        const value = (comparison.value as { value: string }).value;
        const found = result.records.some(
          (record) => types.includes(record.type) && carries(record, field, value),
        );
        const failed = result.problems.some(
          (problem) => problem.code === "INVALID_VALUE" && problem.message.includes(value),
        );
        if (!found && !failed) missed.push(`${path} = '${value}' in ${row.pattern.slice(0, 200)}`);
      }
    }
    expect(checked).toBeGreaterThan(10_000);
    expect(missed).toEqual([]);
    console.info(
      `corpus extraction: ${checked} exact comparisons on known paths, each an IOC or a reported failure`,
    );
  });
});
