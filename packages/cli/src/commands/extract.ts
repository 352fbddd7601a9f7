import { readFile } from "node:fs/promises";
import { type ExtractionResult, extractFromPattern, type StixObject } from "@taxiway/core/extract";
import { parseFlags } from "../args.js";
import type { Command } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { errorMessage } from "../output/exit-code-for.js";
import { reportFailure } from "../output/failure.js";
import { lineBatches, writeDrained } from "../output/line-batches.js";
import { asLine, patternLine } from "./pattern-line.js";

const usage = `Usage: taxiway extract 'PATTERN'
       taxiway extract --stdin
       taxiway extract --bundle FILE [--json]

Shows the IOCs taxiway extracts from a STIX 2.1 pattern. Exit 1 if the pattern is invalid or a comparison
failed (its siblings are still shown).
  --stdin    one pattern per input line (LF, CR LF or CR ends a line; a leading byte order mark is dropped);
             one JSON line per pattern, in order (blank and whitespace-only lines are skipped, as grep and jq
             skip them); exit 0: each line's own result says whether its pattern was valid:
             {"ok":true,"iocs":[{"type":"ipv4","value":"1.2.3.4",…}],"non_atomic":0,"non_standard":0,
              "problems":[],"warnings":[]}
             {"ok":false,"error":"…","offset":17}
  --bundle   the IOCs of every object of a STIX bundle or TAXII envelope file; with --json, NDJSON: one line per
             IOC record, and one {"kind":"problem"|"warning","stix_id","code","message"} line per problem
             (dead-lettered in a job) or warning (logged) of an object
`;

/**
 * A line with something on it: blank and whitespace-only lines of `--stdin` are skipped (a file's empty last lines,
 * paragraphs), not answered with a "no pattern" line. A test, not a trim: no string per line.
 */
const HAS_TEXT = /\S/;

/** The NDJSON lines of one object's problems and warnings (`extract --bundle --json`). */
function issueLines(object: StixObject, result: ExtractionResult): string {
  let lines = "";
  for (const [kind, issues] of [
    ["problem", result.problems],
    ["warning", result.warnings],
  ] as const)
    for (const { code, message, offset } of issues)
      lines += `${JSON.stringify({ kind, stix_id: object.id, stix_type: object.type, code, message, ...(offset !== undefined ? { offset } : {}) })}\n`;
  return lines;
}

function human(result: ExtractionResult): string {
  const lines = result.records.map((record) => {
    const extra = [
      record.hashes
        ? Object.entries(record.hashes)
            .map(([name, hash]) => `${name}=${hash}`)
            .join(" ")
        : "",
      record.file_name ? `name=${record.file_name}` : "",
      record.file_size !== undefined ? `size=${record.file_size}` : "",
      record.observable
        ? Object.entries(record.observable)
            .map(([k, v]) => `${k}=${v}`)
            .join(" ")
        : "",
    ].filter(Boolean);
    return `${record.type.padEnd(13)} ${record.value}${extra.length ? `  (${extra.join(", ")})` : ""}`;
  });
  if (result.records.length === 0) lines.push("no exact IOCs");
  if (result.nonAtomic)
    lines.push(
      `${result.nonAtomic} comparison(s) not exact (MATCHES, LIKE, !=, ranges…): reported, not IOCs`,
    );
  if (result.nonStandard)
    lines.push(`${result.nonStandard} comparison(s) on custom or unknown object types or properties: no IOC`);
  for (const problem of result.problems) lines.push(`problem: ${problem.code}: ${problem.message}`);
  for (const warning of result.warnings) lines.push(`warning: ${warning.code}: ${warning.message}`);
  return `${lines.join("\n")}\n`;
}

export const extractCommand: Command = {
  name: "extract",
  summary: "show the IOCs of a STIX pattern, of patterns on stdin, or of a bundle file",
  usage,
  async run(argv, io) {
    let flags: ReturnType<typeof parseFlags>;
    try {
      flags = parseFlags(argv, {
        stdin: { type: "boolean" },
        bundle: { type: "string" },
        json: { type: "boolean" },
      });
    } catch (error) {
      return reportFailure(io, error);
    }
    if (flags.values.stdin) {
      // One write per chunk of input (not per line), and no reading ahead of a full output buffer.
      for await (const lines of lineBatches(io.stdin)) {
        let out = "";
        for (const line of lines) if (HAS_TEXT.test(line)) out += `${patternLine(line)}\n`;
        await writeDrained(io.stdout, out);
      }
      return ExitCode.ok;
    }
    if (typeof flags.values.bundle === "string") {
      // The bundle path alone needs the envelope decoder (and with it the rest of core).
      const { ConfigError, extractFromObject, normalizeEnvelope, parseJsonSafely } = await import(
        "@taxiway/core"
      );
      let objects: StixObject[];
      try {
        objects = normalizeEnvelope(parseJsonSafely(await readFile(flags.values.bundle, "utf8"))).objects;
      } catch (error) {
        return reportFailure(
          io,
          new ConfigError(`cannot read the bundle ${flags.values.bundle}: ${errorMessage(error)}`, {
            code: "BUNDLE_UNREADABLE",
            cause: error,
          }),
          { json: flags.values.json === true },
        );
      }
      let iocs = 0;
      let problems = 0;
      for (const object of objects) {
        if (!object || typeof object !== "object" || typeof object.type !== "string") continue;
        const result = extractFromObject(object, { feed: "bundle", collection: flags.values.bundle });
        iocs += result.records.length;
        problems += result.problems.length;
        if (flags.values.json) {
          for (const record of result.records) io.stdout.write(`${JSON.stringify(record)}\n`);
          const lines = issueLines(object, result);
          if (lines) io.stdout.write(lines);
        } else if (result.records.length > 0 || result.problems.length > 0 || result.warnings.length > 0) {
          io.stdout.write(`${object.id}\n${human(result).replace(/^/gm, "  ")}`);
        }
      }
      io.stderr.write(`${objects.length} objects, ${iocs} IOCs, ${problems} problems\n`);
      return ExitCode.ok;
    }
    const [pattern] = flags.positionals;
    if (pattern === undefined) {
      io.stderr.write(usage);
      return ExitCode.usage;
    }
    const result = extractFromPattern(pattern);
    if (flags.values.json) io.stdout.write(`${JSON.stringify(asLine(result))}\n`);
    else io.stdout.write(human(result));
    const [problem] = result.problems;
    if (!problem) return ExitCode.ok;
    // Double quotes are the most common slip: STIX string literals are single-quoted.
    const hint =
      problem.code === "PATTERN_SYNTAX" && pattern.includes('"')
        ? " (STIX strings are in single quotes: 'value')"
        : "";
    io.stderr.write(`taxiway: ${problem.code}: ${problem.message}${hint}\n`);
    return ExitCode.failed;
  },
};
