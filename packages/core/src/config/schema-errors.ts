import type { ErrorObject } from "ajv";
import { closestName } from "./closest-name.js";
import { CRON_FORMAT } from "./schedule.js";
import { DURATION_FORMAT, SIZE_FORMAT } from "./units.js";

/**
 * Stages that turn ajv's raw errors (compiled with `allErrors` and `verbose`) into the few a person can act on.
 * Each takes and returns the list, so `readableErrors` reads as the pipeline it is.
 */

type Branches = Array<{ properties?: { type?: { const?: unknown } } }>;

/**
 * Where a `oneOf` picks its branch by `type` (`source.auth`), keeps only the errors of the branch the value names:
 * a bearer auth with an unset token is about the token, not about the basic and jwt branches it never meant.
 */
export function onlyChosenBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  const others: string[] = [];
  const typeErrors: ErrorObject[] = [];
  for (const error of errors) {
    if (error.keyword !== "oneOf" || !Array.isArray(error.schema)) continue;
    const branches = error.schema as Branches;
    const wanted = (error.data as { type?: unknown } | null)?.type;
    const chosen = branches.findIndex((branch) => branch?.properties?.type?.const === wanted);
    const prefix = `${error.schemaPath}/`;
    if (chosen < 0) {
      // No branch has that type (`barer`, `Bearer`, none given): the one problem is the type, not every branch's keys.
      const types = branches.map((branch) => branch?.properties?.type?.const);
      if (types.some((type) => type === undefined)) continue;
      others.push(prefix);
      typeErrors.push(typeProblem(error, types, wanted));
      continue;
    }
    for (let index = 0; index < branches.length; index++)
      if (index !== chosen) others.push(`${prefix}${index}/`);
  }
  const kept = errors.filter(
    (error) =>
      !others.some(
        (prefix) => `${error.schemaPath}/`.startsWith(prefix) || error.schemaPath.startsWith(prefix),
      ),
  );
  return [...kept, ...typeErrors];
}

/** The one error of a `oneOf` by `type` whose value names no branch: `type` is missing, or not one of `types`. */
function typeProblem(oneOf: ErrorObject, types: readonly unknown[], wanted: unknown): ErrorObject {
  const schemaPath = `${oneOf.schemaPath}/type`;
  if (wanted === undefined)
    return {
      ...oneOf,
      keyword: "required",
      schemaPath,
      params: { missingProperty: "type" },
      message: undefined,
    };
  return {
    ...oneOf,
    keyword: "enum",
    instancePath: `${oneOf.instancePath}/type`,
    schemaPath,
    params: { allowedValues: types },
    data: wanted,
    message: undefined,
  };
}

/** Drops the wrappers ajv adds around `if`, `anyOf` and `oneOf`; one shape error per value (string-or-number). */
export function withoutWrappers(errors: readonly ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    if (error.keyword === "if" || error.keyword === "anyOf" || error.keyword === "oneOf") return false;
    const shape = ["type", "pattern", "format"].includes(error.keyword) ? "shape" : error.keyword;
    const key = `${error.instancePath}|${shape}|${shape === "shape" ? "" : JSON.stringify(error.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The key an unknown-key error proposes instead, from the properties its schema allows. */
export function suggestionFor(error: ErrorObject): string | undefined {
  if (error.keyword !== "additionalProperties") return undefined;
  const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  return closestName(String((error.params as { additionalProperty: unknown }).additionalProperty), allowed);
}

/**
 * A misspelt key (`pasword`, `colection`) is one mistake: the unknown key says what was meant, and the "missing
 * required key" errors it causes at the same place (including those of a `oneOf` of alternatives) are dropped.
 */
export function typosOverMissingKeys(errors: readonly ErrorObject[]): ErrorObject[] {
  const meant = new Map<string, Set<string>>();
  for (const error of errors) {
    const suggestion = suggestionFor(error);
    if (suggestion === undefined) continue;
    const set = meant.get(error.instancePath) ?? new Set<string>();
    set.add(suggestion);
    meant.set(error.instancePath, set);
  }
  const explainedOneOfs = new Set<string>();
  for (const error of errors) {
    const missing = (error.params as { missingProperty?: string }).missingProperty;
    const oneOf = /^(.*\/oneOf)\/\d+\//.exec(error.schemaPath)?.[1];
    if (error.keyword === "required" && oneOf && missing && meant.get(error.instancePath)?.has(missing))
      explainedOneOfs.add(`${error.instancePath}|${oneOf}`);
  }
  return errors.filter((error) => {
    if (error.keyword !== "required") return true;
    const missing = (error.params as { missingProperty?: string }).missingProperty ?? "";
    if (meant.get(error.instancePath)?.has(missing)) return false;
    const oneOf = /^(.*\/oneOf)\/\d+\//.exec(error.schemaPath)?.[1];
    return !(oneOf && explainedOneOfs.has(`${error.instancePath}|${oneOf}`));
  });
}

/** A pattern in words where one is known, instead of a regular expression. */
export function patternInWords(pattern: string): string {
  if (pattern === "^https?://") return "must be an http:// or https:// URL";
  return `must match the pattern ${pattern}`;
}

/** What a `format` accepts, in words: durations and sizes say what they take. */
export function formatInWords(format: string): string {
  if (format === DURATION_FORMAT)
    return "must be a duration such as 500ms, 30s, 15m, 2h or 30d (or milliseconds)";
  if (format === SIZE_FORMAT) return "must be a size such as 512kb, 64mb or 1gb (or bytes)";
  if (format === CRON_FORMAT)
    return "must be a cron expression: 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, e.g. '*/15 * * * *'";
  return `must be a valid ${format}`;
}

/**
 * A `oneOf` of required keys (`collection` or `collections`) that none satisfies is one problem, "missing required
 * key: one of …", not a contradictory line per alternative.
 */
export function alternativesAsOne(errors: readonly ErrorObject[]): ErrorObject[] {
  const groups = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const oneOf = /^(.*\/oneOf)\/\d+\/required$/.exec(error.schemaPath)?.[1];
    if (error.keyword !== "required" || oneOf === undefined) continue;
    const key = `${error.instancePath}|${oneOf}`;
    groups.set(key, [...(groups.get(key) ?? []), error]);
  }
  const merged = new Map<ErrorObject, ErrorObject | undefined>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const keys = group.map((error) =>
      String((error.params as { missingProperty?: unknown }).missingProperty),
    );
    merged.set(group[0] as ErrorObject, {
      ...(group[0] as ErrorObject),
      params: { missingProperty: keys[0], alternatives: keys },
    });
    for (const error of group.slice(1)) merged.set(error, undefined);
  }
  return errors.flatMap((error) => {
    if (!merged.has(error)) return [error];
    const replacement = merged.get(error);
    return replacement ? [replacement] : [];
  });
}
