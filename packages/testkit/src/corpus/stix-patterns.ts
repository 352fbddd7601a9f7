import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** One line of the shared STIX pattern corpus: the pattern and every source that has it. */
export interface CorpusPattern {
  pattern: string;
  sources: string[];
}

const FILE = "stix-patterns.tsv";
const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/**
 * Where the corpus is: $TAXIWAY_CORPUS (a folder), then `<repo>/../shared/corpus` (the data is never copied into
 * the repository), then /work/shared/corpus.
 */
function corpusFolder(): string | undefined {
  const candidates = [
    process.env.TAXIWAY_CORPUS,
    resolve(repoRoot, "../shared/corpus"),
    "/work/shared/corpus",
  ];
  return candidates.find((folder) => folder !== undefined && existsSync(join(folder, FILE)));
}

/** The pattern column's escapes: `\\` is a backslash, `\t`, `\n` and `\r` are TAB, LF and CR. */
const decode = (cell: string) =>
  cell.replace(/\\([\\tnr])/g, (_, c: string) =>
    c === "\\" ? "\\" : c === "t" ? "\t" : c === "n" ? "\n" : "\r",
  );

/**
 * The real-world STIX pattern corpus (shared/corpus/stix-patterns.tsv: `source<TAB>pattern` after a header line),
 * in file order. Missing: a skip reason, except with CI=true, where the tests that read it must run, so it throws.
 */
export function readPatternCorpus(): CorpusPattern[] | { skip: string } {
  const folder = corpusFolder();
  if (folder === undefined) {
    const reason = `the STIX pattern corpus (${FILE}) is not in $TAXIWAY_CORPUS, ../shared/corpus or /work/shared/corpus`;
    if (process.env.CI === "true") throw new Error(reason);
    return { skip: reason };
  }
  const rows: CorpusPattern[] = [];
  const lines = readFileSync(join(folder, FILE), "utf8").split("\n");
  for (const line of lines.slice(1)) {
    if (line === "") continue;
    const tab = line.indexOf("\t");
    rows.push({ sources: line.slice(0, tab).split(","), pattern: decode(line.slice(tab + 1)) });
  }
  return rows;
}
