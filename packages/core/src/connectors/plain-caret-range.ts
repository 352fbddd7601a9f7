/** A release version as connectors and core write them: MAJOR.MINOR.PATCH, no leading zeros, no prerelease or build. */
const RELEASE = /^(0|[1-9]\d{0,14})\.(0|[1-9]\d{0,14})\.(0|[1-9]\d{0,14})$/;

function release(text: string): [number, number, number] | undefined {
  const match = RELEASE.exec(text);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/** True when `range` is a caret range on a release version (`^0.1.0`): the form every bundled connector declares. */
export function isPlainCaretRange(range: string): boolean {
  return range.startsWith("^") && release(range.slice(1)) !== undefined;
}

/**
 * Whether release `version` is in the plain caret range `range`, decided without the `semver` package; undefined
 * when either is in any other form (semver decides those). node-semver's caret semantics (README, "Caret Ranges"):
 * the left-most non-zero part is fixed: ^1.2.3 := >=1.2.3 <2.0.0, ^0.2.3 := >=0.2.3 <0.3.0, ^0.0.3 := >=0.0.3 <0.0.4.
 */
export function plainCaretSatisfies(version: string, range: string): boolean | undefined {
  const have = release(version);
  const floor = range.startsWith("^") ? release(range.slice(1)) : undefined;
  if (!have || !floor) return undefined;
  const [major, minor, patch] = have;
  const [fMajor, fMinor, fPatch] = floor;
  if (fMajor > 0) return major === fMajor && (minor > fMinor || (minor === fMinor && patch >= fPatch));
  if (fMinor > 0) return major === 0 && minor === fMinor && patch >= fPatch;
  return major === 0 && minor === 0 && patch === fPatch;
}
