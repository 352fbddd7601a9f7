import type { StixObject } from "../stix/types.js";
import { livePin, type Observable, observablesOf, type Pin } from "./observables.js";

function pinsOf(object: Record<string, unknown>, refangs: boolean): Pin[] {
  const pins: Pin[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      pins.push(refangs ? livePin({ path: key, value }) : { path: key, value });
    else if (key === "hashes" && value && typeof value === "object")
      for (const [name, hash] of Object.entries(value))
        if (typeof hash === "string") pins.push({ path: `hashes.${name}`, value: hash });
  }
  return pins;
}

/** IOCs of a cyber-observable object shipped directly (an `ipv4-addr` SCO, a `file` with hashes…). */
export function scoObservables(
  object: StixObject | Record<string, unknown>,
  refangs = true,
): {
  observables: Observable[];
  problems: string[];
} {
  const type = typeof object.type === "string" ? object.type : "";
  return observablesOf(type, pinsOf(object as Record<string, unknown>, refangs));
}

/** The SCOs embedded in an observed-data object (`objects`, STIX 2.0 style). `object_refs` point at SCOs that arrive as objects of their own. */
export function embeddedObservables(
  object: StixObject,
  refangs = true,
): { observables: Observable[]; problems: string[] } {
  const embedded = object.objects;
  const observables: Observable[] = [];
  const problems: string[] = [];
  if (!embedded || typeof embedded !== "object") return { observables, problems };
  for (const sco of Object.values(embedded as Record<string, unknown>)) {
    if (!sco || typeof sco !== "object") continue;
    const result = scoObservables(sco as Record<string, unknown>, refangs);
    observables.push(...result.observables);
    problems.push(...result.problems);
  }
  return { observables, problems };
}
