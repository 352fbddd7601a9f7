import type { StixObject } from "@taxiway/core";

/**
 * The pipeline tests' indicator `i`: a fixed id from `i`, an IPv4 pattern (10.0.0.i below 256, 10.0.(i >> 8).(i & 255)
 * above) and fixed 2026-01-01 dates; `extra` overrides or adds properties.
 */
export const indicator = (i: number, extra: Partial<StixObject> = {}): StixObject => ({
  type: "indicator",
  spec_version: "2.1",
  id: `indicator--00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  created: "2026-01-01T00:00:00.000Z",
  modified: "2026-01-01T00:00:00.000Z",
  pattern: `[ipv4-addr:value = '10.0.${i >> 8}.${i & 255}']`,
  pattern_type: "stix",
  valid_from: "2026-01-01T00:00:00.000Z",
  ...extra,
});
