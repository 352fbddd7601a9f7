import semver from "semver";

/** True when `text` is a semver range (`^0.1.0`, `>=0.1 <2`, `1.x || 2.x`), per the `semver` package (npm's). */
export function isValidRange(text: string): boolean {
  return semver.validRange(text) !== null;
}

/** True when `version` is within `range`; prereleases compare as semver says (`includePrerelease` off). */
export function satisfies(version: string, range: string): boolean {
  return semver.satisfies(version, range);
}
