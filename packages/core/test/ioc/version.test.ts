import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { recordVersion, timestampMicros } from "../../src/ioc/index.js";

const SEED = 20_2026;

/** A STIX timestamp with 0–9 fractional digits, and its exact µs value. */
const timestamp = fc
  .record({
    ms: fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2200, 0, 1) }),
    digits: fc.integer({ min: 0, max: 9 }),
    extra: fc.integer({ min: 0, max: 999_999 }),
  })
  .map(({ ms, digits, extra }) => {
    const whole = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
    const fraction = `${String(ms % 1000).padStart(3, "0")}${String(extra).padStart(6, "0")}`.slice(
      0,
      digits,
    );
    const micros =
      BigInt(Math.floor(ms / 1000)) * 1_000_000n + BigInt(fraction.padEnd(6, "0").slice(0, 6) || "0");
    return { iso: `${whole}${digits ? `.${fraction}` : ""}Z`, micros };
  });
const action = fc.constantFrom("upsert" as const, "delete" as const);

describe("exact record versions", () => {
  it("a revocation 1 µs after its original is a higher version (Date.parse sees both as the same ms)", () => {
    const original = { modified: "2026-03-01T10:00:00.123456Z", action: "upsert" as const };
    const revoked = { modified: "2026-03-01T10:00:00.123457Z", action: "delete" as const };
    expect(Date.parse(original.modified)).toBe(Date.parse(revoked.modified));
    expect(recordVersion(revoked)).toBeGreaterThan(recordVersion(original));
    expect(recordVersion({ ...revoked, action: "upsert" })).toBeGreaterThan(
      recordVersion({ ...original, action: "delete" }),
    );
  });

  it("an expiry delete of an unchanged object orders after the upsert of the same modified", () => {
    const upsert = { modified: "2026-03-01T10:00:00Z", action: "upsert" as const };
    expect(recordVersion({ ...upsert, action: "delete" })).toBe(recordVersion(upsert) + 1n);
  });

  it("timestamps parse to exact µs for any number of fractional digits", () => {
    fc.assert(
      fc.property(timestamp, ({ iso, micros }) => {
        expect(timestampMicros(iso)).toBe(micros);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("versions order exactly as (modified µs, upsert < delete)", () => {
    fc.assert(
      fc.property(timestamp, action, timestamp, action, (a, actionA, b, actionB) => {
        const va = recordVersion({ modified: a.iso, action: actionA });
        const vb = recordVersion({ modified: b.iso, action: actionB });
        const expected =
          a.micros === b.micros
            ? Number(actionA === "delete") - Number(actionB === "delete")
            : a.micros < b.micros
              ? -1
              : 1;
        expect(Math.sign(Number(va - vb))).toBe(Math.sign(expected));
        expect(va).toBeLessThan(2n ** 63n);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it("falls back to created, then to 0", () => {
    expect(recordVersion({ created: "1970-01-01T00:00:00.000001Z", action: "upsert" })).toBe(2n);
    expect(recordVersion({ action: "delete" })).toBe(1n);
  });
});
