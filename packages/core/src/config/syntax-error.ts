import type { Document, LineCounter, Node, YAMLError } from "yaml";
import type { ConfigProblem } from "./problems.js";
import { pathText } from "./problems.js";
import type { YamlParser } from "./yaml-parser.js";

/** The path of a YAML syntax error that no key or item of the file contains (an unclosed document, a second one). */
export const DOCUMENT_PATH = "(document)";

type Path = (string | number)[];

interface Located {
  path: Path;
  /** Where the node the error is in begins: for an unclosed quote or bracket, where it was opened. */
  start?: number;
}

/**
 * The key or item a syntax error at `offset` belongs to, as deep as the partly parsed document shows it: the entry
 * whose key or value spans the offset (a value that begins at the offset is the one at fault, so its own content is
 * not searched); else an entry that begins later on the same line (a tab before a key); else the enclosing one.
 */
function locate(yaml: YamlParser, node: unknown, offset: number, counter: LineCounter, path: Path): Located {
  if (!yaml.isMap(node) && !yaml.isSeq(node)) return { path };
  const entries = node.items.map((item, index) => {
    if (yaml.isPair(item)) {
      const key = item.key as Node | null;
      const value = item.value as Node | null;
      const start = key?.range?.[0] ?? value?.range?.[0];
      const end = value?.range?.[1] ?? key?.range?.[1];
      const name = yaml.isScalar(key) ? String(key.value) : index;
      return { name, start, end, value };
    }
    const value = item as Node | null;
    return { name: index, start: value?.range?.[0], end: value?.range?.[1], value };
  });
  const within = entries.find(
    (entry) =>
      entry.start !== undefined && entry.end !== undefined && entry.start <= offset && offset <= entry.end,
  );
  if (within) {
    const valueStart = within.value?.range?.[0];
    const inner = [...path, within.name];
    if (valueStart !== undefined && valueStart < offset)
      return { start: valueStart, ...locate(yaml, within.value, offset, counter, inner) };
    return { path: inner, start: within.start };
  }
  const line = counter.linePos(offset).line;
  const after = entries.find(
    (entry) =>
      entry.start !== undefined && entry.start > offset && counter.linePos(entry.start).line === line,
  );
  return after ? { path: [...path, after.name], start: after.start } : { path };
}

/**
 * The problem a YAML syntax error makes: the first error in the file (later ones usually follow from it), at the line
 * and column where the parser found it, under the nearest YAML path (`source.url`), or `(document)` when no key or
 * item holds it. When the value at fault began on an earlier line (an unclosed quote or bracket), says where.
 */
export function syntaxProblem(
  yaml: YamlParser,
  document: Document,
  counter: LineCounter,
  errors: readonly YAMLError[],
  file: string,
): ConfigProblem {
  const [first] = [...errors].sort((a, b) => a.pos[0] - b.pos[0]);
  const offset = first?.pos[0] ?? 0;
  const { line, col } = counter.linePos(offset);
  const found = locate(yaml, document.contents, offset, counter, []);
  const path = found.path.length > 0 ? pathText(found.path) : DOCUMENT_PATH;
  const opened = found.start !== undefined ? counter.linePos(found.start) : undefined;
  const began =
    opened && opened.line < line && found.path.length > 0
      ? `; the value of ${path} begins at line ${opened.line}, column ${opened.col}`
      : "";
  const more = errors.length - 1;
  const after =
    more > 0 ? ` (${more} more error${more === 1 ? "" : "s"} after it may follow from this one)` : "";
  const text =
    first?.code === "MULTIPLE_DOCS"
      ? "a job file is one YAML document, and a second one begins here"
      : (first?.message.split("\n")[0]?.replace(/ at line \d+, column \d+.*$/, "") ?? "not YAML");
  return { path, message: `YAML syntax error: ${text}${began}${after}`, file, line, column: col };
}
