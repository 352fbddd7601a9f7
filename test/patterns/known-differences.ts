/**
 * Where taxiway and the OASIS validator (stix2-patterns 2.1.2) disagree on purpose, with the reason. `pattern`
 * names one corpus pattern exactly; `match` a class of generated ones. `taxiway` is taxiway's verdict, and `oasis`
 * (optional) must match the validator's JSON verdict.
 */
export interface KnownDifference {
  taxiway: "accepts" | "rejects";
  pattern?: string;
  match?: RegExp;
  oasis?: RegExp;
  reason: string;
}

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    taxiway: "accepts",
    pattern: "[file:hashes.'SHA-256' = 'f00']",
    reason:
      "grammatical; the validator rejects the whole pattern for one invalid hash value, taxiway fails that one " +
      "comparison (INVALID_VALUE) and extracts its siblings (issue 19: an invalid value fails its comparison, not the pattern)",
  },
];
