// The two functions taxiway needs, not the whole `semver` index (which loads every function and range helper).
import satisfiesRange from "semver/functions/satisfies.js";
import validRange from "semver/ranges/valid.js";

/** True when `text` is a semver range (`^0.1.0`, `>=0.1 <2`, `1.x || 2.x`), per the `semver` package (npm's). */
export function isValidRange(text: string): boolean {
  return validRange(text) !== null;
}

/** True when `version` is within `range`; prereleases compare as semver says (`includePrerelease` off). */
export function satisfies(version: string, range: string): boolean {
  return satisfiesRange(version, range);
}
