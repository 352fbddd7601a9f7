import { extractFromObject } from "@taxiway/core";

export interface Extracted {
  iocs: string[];
  nonAtomic: number;
  nonStandard: number;
  problems: string[];
  warnings: string[];
}

/** Runs the real extractor on an indicator carrying `pattern`; IOCs as `type:value`, problems as `CODE: message`. */
export function extractPattern(pattern: string, extra: Record<string, unknown> = {}): Extracted {
  const result = extractFromObject(
    {
      type: "indicator",
      spec_version: "2.1",
      id: "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
      created: "2026-01-01T00:00:00.000Z",
      modified: "2026-01-01T00:00:00.000Z",
      pattern,
      pattern_type: "stix",
      valid_from: "2026-01-01T00:00:00.000Z",
      ...extra,
    },
    { feed: "test", collection: "c" },
  );
  return {
    iocs: result.records.map((r) => `${r.type}:${r.value}`),
    nonAtomic: result.nonAtomic,
    nonStandard: result.nonStandard,
    problems: result.problems.map((p) => `${p.code}: ${p.message}`),
    warnings: result.warnings.map((p) => `${p.code}: ${p.message}`),
  };
}
