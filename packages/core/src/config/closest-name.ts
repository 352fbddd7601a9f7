import leven from "leven";

/**
 * The known name nearest to `typo` by edit distance (leven), for "did you mean …?" hints; undefined when none is
 * close enough: at most a third of the longer name's length, and at least one edit allowed.
 */
export function closestName(typo: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of known) {
    const distance = leven(typo.toLowerCase(), name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.floor(Math.max(typo.length, best?.length ?? 0) / 3));
  return bestDistance <= allowed ? best : undefined;
}
