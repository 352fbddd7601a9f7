import type { StixObject } from "@taxiway/core";

/** `n` distinct indicators with simple IPv4 patterns, ids ordered by index. */
export function ipv4Indicators(n: number, offset = 0): StixObject[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + offset;
    return {
      type: "indicator",
      spec_version: "2.1",
      id: `indicator--00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      created: "2026-01-01T00:00:00.000Z",
      modified: "2026-01-01T00:00:00.000Z",
      pattern: `[ipv4-addr:value = '10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}']`,
      pattern_type: "stix",
      valid_from: "2026-01-01T00:00:00.000Z",
    };
  });
}
