import {
  type ExtractionProblem,
  type ExtractionResult,
  extractFromPattern,
  type IocRecord,
  type Observable,
  observablesOfPattern,
  PatternSyntaxError,
} from "@taxiway/core/extract";

/** The fields of an IOC worth showing for one pattern (a bare pattern has no indicator context). */
export function brief(ioc: IocRecord | Observable): Record<string, unknown> {
  return {
    type: ioc.type,
    value: ioc.value,
    ...(ioc.hashes ? { hashes: ioc.hashes } : {}),
    ...(ioc.file_name !== undefined ? { file_name: ioc.file_name } : {}),
    ...(ioc.file_size !== undefined ? { file_size: ioc.file_size } : {}),
    ...(ioc.observable ? { observable: ioc.observable } : {}),
  };
}

const issue = ({ code, message }: ExtractionProblem) => ({ code, message });

/** The JSON line of one pattern's extraction (`extract --stdin`, `extract --json PATTERN`), from its full result. */
export function asLine(result: ExtractionResult): Record<string, unknown> {
  const syntax = result.problems.find((problem) => problem.code === "PATTERN_SYNTAX");
  if (syntax)
    return {
      ok: false,
      error: syntax.message,
      ...(syntax.offset !== undefined ? { offset: syntax.offset } : {}),
    };
  return {
    ok: true,
    iocs: result.records.map(brief),
    non_atomic: result.nonAtomic,
    non_standard: result.nonStandard,
    problems: result.problems.map(issue),
    warnings: result.warnings.map(issue),
  };
}

const REPLACEMENT = "\uFFFD";

/**
 * The JSON line of one pattern, exactly `JSON.stringify(asLine(extractFromPattern(pattern)))` (a property test holds
 * the two together), without what a bare pattern's line never shows: `extractFromPattern` builds a full IOC record
 * per observable (indicator context, a SHA-256 key); the line needs the observables only. Patterns the fast route
 * does not take (empty ones, values holding U+FFFD, a failure of taxiway's own code) go the full way.
 */
export function patternLine(pattern: string): string {
  let extracted: ReturnType<typeof observablesOfPattern>;
  try {
    if (pattern.trim() === "") return fullLine(pattern);
    extracted = observablesOfPattern(pattern, { refang: true });
  } catch (error) {
    if (!(error instanceof PatternSyntaxError)) return fullLine(pattern);
    return JSON.stringify(
      error.offset !== undefined
        ? { ok: false, error: error.message, offset: error.offset }
        : { ok: false, error: error.message },
    );
  }
  const { observables, nonAtomic, nonStandard, problems, warnings } = extracted;
  const iocs: Record<string, unknown>[] = [];
  for (const observable of observables) {
    if (observable.value.includes(REPLACEMENT)) return fullLine(pattern);
    iocs.push(brief(observable));
  }
  return JSON.stringify({
    ok: true,
    iocs,
    non_atomic: nonAtomic,
    non_standard: nonStandard,
    problems: problems.map(issue),
    warnings: warnings.map(issue),
  });
}

const fullLine = (pattern: string) => JSON.stringify(asLine(extractFromPattern(pattern)));
