/**
 * A small semver range check, enough for `coreVersion` ranges: `^1.2.3`, `~1.2`, `>=0.1.0 <2`, `1.x`, `*`,
 * `1.2.3 - 1.4`, and `||` alternatives. Prerelease tags compare lower than the release, as in semver.
 */
type Version = [number, number, number, string];

const VERSION = /^v?(\d+)(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

interface Partial {
  parts: (number | undefined)[];
  pre: string;
}

function parsePartial(text: string): Partial | undefined {
  if (text === "*" || text === "x" || text === "X" || text === "") return { parts: [], pre: "" };
  const match = VERSION.exec(text);
  if (!match) return undefined;
  const parts: (number | undefined)[] = [];
  for (const raw of [match[1], match[2], match[3]]) {
    if (raw === undefined || /^[xX*]$/.test(raw)) break;
    parts.push(Number(raw));
  }
  return { parts, pre: match[4] ?? "" };
}

export function parseVersion(text: string): Version | undefined {
  const partial = parsePartial(text.trim());
  if (partial === undefined || partial.parts.length !== 3) return undefined;
  const [major, minor, patch] = partial.parts as number[];
  return [major as number, minor as number, patch as number, partial.pre];
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  if (a[3] === b[3]) return 0;
  if (a[3] === "") return 1;
  if (b[3] === "") return -1;
  return a[3] < b[3] ? -1 : 1;
}

type Comparator = (v: Version) => boolean;

function floor(p: Partial): Version {
  return [p.parts[0] ?? 0, p.parts[1] ?? 0, p.parts[2] ?? 0, p.pre];
}

/** The smallest version above everything the partial `p` matches (for `1.2` → `1.3.0-0`). */
function ceilingOf(p: Partial): Version | undefined {
  const n = p.parts.length;
  if (n === 0) return undefined;
  if (n === 3) return undefined;
  if (n === 1) return [(p.parts[0] as number) + 1, 0, 0, "0"];
  return [p.parts[0] as number, (p.parts[1] as number) + 1, 0, "0"];
}

function range(lo: Version | undefined, hi: Version | undefined, hiInclusive = false): Comparator {
  return (v) =>
    (lo === undefined || compare(v, lo) >= 0) &&
    (hi === undefined || (hiInclusive ? compare(v, hi) <= 0 : compare(v, hi) < 0));
}

function comparator(token: string): Comparator | undefined {
  const match = /^(\^|~|>=|<=|>|<|=)?\s*(.*)$/.exec(token);
  if (!match) return undefined;
  const op = match[1] ?? "";
  const p = parsePartial(match[2] ?? "");
  if (!p) return undefined;
  const lo = floor(p);
  switch (op) {
    case "^": {
      const [major, minor, patch] = [p.parts[0] ?? 0, p.parts[1], p.parts[2]];
      let hi: Version | undefined;
      if (p.parts.length === 0) hi = undefined;
      else if (major > 0 || p.parts.length === 1) hi = [major + 1, 0, 0, "0"];
      else if ((minor ?? 0) > 0 || p.parts.length === 2) hi = [0, (minor ?? 0) + 1, 0, "0"];
      else hi = [0, 0, (patch ?? 0) + 1, "0"];
      return range(lo, hi);
    }
    case "~": {
      if (p.parts.length <= 1) return range(lo, ceilingOf({ parts: p.parts.slice(0, 1), pre: "" }));
      return range(lo, [p.parts[0] as number, (p.parts[1] as number) + 1, 0, "0"]);
    }
    case ">=":
      return range(lo, undefined);
    case ">": {
      const hi = ceilingOf(p);
      return hi ? range(hi, undefined) : (v) => compare(v, lo) > 0;
    }
    case "<":
      return (v) => compare(v, [lo[0], lo[1], lo[2], lo[3] || (p.parts.length === 3 ? "" : "0")]) < 0;
    case "<=": {
      const hi = ceilingOf(p);
      return hi ? range(undefined, hi) : range(undefined, lo, true);
    }
    default:
      if (p.parts.length === 3) return (v) => compare(v, lo) === 0;
      return range(lo, ceilingOf(p));
  }
}

/** Parses a range into alternatives of comparator sets; undefined when the text is not a range. */
function parseRange(text: string): Comparator[][] | undefined {
  const alternatives: Comparator[][] = [];
  for (const alternative of text.split("||")) {
    const trimmed = alternative.trim();
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(trimmed);
    if (hyphen) {
      const a = parsePartial(hyphen[1] as string);
      const b = parsePartial(hyphen[2] as string);
      if (!a || !b) return undefined;
      const hi = ceilingOf(b);
      alternatives.push([hi ? range(floor(a), hi) : range(floor(a), floor(b), true)]);
      continue;
    }
    const tokens = trimmed
      .replace(/(\^|~|>=|<=|>|<|=)\s+/g, "$1")
      .split(/\s+/)
      .filter(Boolean);
    const set: Comparator[] = [];
    for (const token of tokens.length > 0 ? tokens : ["*"]) {
      const c = comparator(token);
      if (!c) return undefined;
      set.push(c);
    }
    alternatives.push(set);
  }
  return alternatives;
}

export function isValidRange(text: string): boolean {
  return parseRange(text) !== undefined;
}

/** True when `version` lies in `rangeText`. A prerelease version only satisfies ranges that name it explicitly enough. */
export function satisfies(version: string, rangeText: string): boolean {
  const v = parseVersion(version);
  const alternatives = parseRange(rangeText);
  if (!v || !alternatives) return false;
  return alternatives.some((set) => set.every((c) => c(v)));
}
