import type { StixObject } from "@taxiway/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { envelopes } from "../src/envelopes.js";

const object = fc
  .record({ n: fc.nat(100000), pad: fc.string({ maxLength: 400 }) })
  .map(({ n, pad }): StixObject => ({ type: "indicator", id: `indicator--${n}`, description: pad }));

describe("TAXII sink envelopes", () => {
  it("keep every POST under max_content_length and the object cap, in order, losing only objects too large alone", () => {
    fc.assert(
      fc.property(
        fc.array(object, { maxLength: 200 }),
        fc.integer({ min: 60, max: 4000 }),
        fc.integer({ min: 1, max: 30 }),
        (objects, maxBytes, maxObjects) => {
          const split = envelopes(objects, maxBytes, maxObjects);
          for (const envelope of split.envelopes) {
            expect(envelope.length).toBeGreaterThan(0);
            expect(envelope.length).toBeLessThanOrEqual(maxObjects);
            expect(Buffer.byteLength(JSON.stringify({ objects: envelope }))).toBeLessThanOrEqual(maxBytes);
          }
          const tooLarge = new Set(split.tooLarge);
          expect(split.envelopes.flat()).toEqual(objects.filter((o) => !tooLarge.has(o)));
          for (const big of split.tooLarge)
            expect(Buffer.byteLength(JSON.stringify({ objects: [big] }))).toBeGreaterThan(maxBytes);
        },
      ),
      { seed: 22, numRuns: 300 },
    );
  });
});
