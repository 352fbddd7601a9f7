import { createRequire } from "node:module";
import type satisfiesFunction from "semver/functions/satisfies.js";
import type validRangeFunction from "semver/ranges/valid.js";
import { isPlainCaretRange, plainCaretSatisfies } from "./plain-caret-range.js";

interface SemverRanges {
  satisfies: typeof satisfiesFunction;
  validRange: typeof validRangeFunction;
}

let loaded: SemverRanges | undefined;

/**
 * The two functions of the `semver` package taxiway needs (not its index, which loads every function), loaded on
 * the first range the plain caret check cannot decide: their 20 CommonJS modules cost about 7 ms at each start, and
 * every bundled connector declares a plain caret range.
 */
function semverRanges(): SemverRanges {
  if (loaded) return loaded;
  // `require(literal)` where there is one (the `pnpm package` bundle defines it, and esbuild bundles what it names);
  // an ES module run by Node has none, and asks createRequire.
  if (typeof require === "function")
    loaded = {
      satisfies: require("semver/functions/satisfies.js"),
      validRange: require("semver/ranges/valid.js"),
    };
  else {
    const load = createRequire(import.meta.url);
    loaded = {
      satisfies: load("semver/functions/satisfies.js"),
      validRange: load("semver/ranges/valid.js"),
    };
  }
  return loaded as SemverRanges;
}

/** True when `text` is a semver range (`^0.1.0`, `>=0.1 <2`, `1.x || 2.x`), per the `semver` package (npm's). */
export function isValidRange(text: string): boolean {
  return isPlainCaretRange(text) || semverRanges().validRange(text) !== null;
}

/** True when `version` is within `range`; prereleases compare as semver says (`includePrerelease` off). */
export function satisfies(version: string, range: string): boolean {
  return plainCaretSatisfies(version, range) ?? semverRanges().satisfies(version, range);
}
