import { parseWithParser } from "../../stix/pattern/parser.js";
import { scannedObservables } from "./one-pass.js";
import type { PatternObservables } from "./sink.js";
import { patternObservables } from "./walk.js";

export type { PatternObservables } from "./sink.js";
export { patternObservables } from "./walk.js";

/**
 * The IOCs of a pattern's text. The shapes nearly every indicator uses are read and extracted in one pass;
 * everything else is parsed in full and walked (test/pattern/fast-path.test.ts checks both routes agree). Defanged
 * values are refanged unless `refang` is false (config `extract.refang`). Throws PatternSyntaxError for an invalid
 * pattern, as parsePattern does.
 */
export function observablesOfPattern(
  pattern: string,
  options: { refang?: boolean } = {},
): PatternObservables {
  const refangs = options.refang ?? true;
  return scannedObservables(pattern, refangs) ?? patternObservables(parseWithParser(pattern), refangs);
}
