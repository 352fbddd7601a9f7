// Issue 24 (start like a cron tool): connector version checks decide the plain caret ranges every bundled connector
// declares (`^0.1.0`) without loading the `semver` package; anything else still goes to semver. The fast path must
// agree with semver wherever it answers: checked on a generated space of versions and ranges around the boundaries
// (zeros, equal parts, one more, one less) and on arbitrary text, against semver itself.
import fc from "fast-check";
import satisfies from "semver/functions/satisfies.js";
import validRange from "semver/ranges/valid.js";
import { describe, expect, it } from "vitest";
import { isPlainCaretRange, plainCaretSatisfies } from "../../src/connectors/plain-caret-range.js";

const part = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 ** 40 }));
const release = fc.tuple(part, part, part).map((parts) => parts.join("."));
const near = fc.oneof(
  release,
  fc.tuple(release, fc.constantFrom("-beta.1", "-0", "+build.5", "", " ")).map(([v, tail]) => v + tail),
  fc.constantFrom("01.2.3", "1.2", "1", "v1.2.3", "1.2.3.4", "=1.2.3", "x", "*"),
  fc.string({ maxLength: 12 }),
);
const range = fc.oneof(
  release.map((v) => `^${v}`),
  near.map((v) => `^${v}`),
  fc.tuple(fc.constantFrom("~", ">=", "<", "=", "", "^ ", "^^"), release).map(([op, v]) => op + v),
  fc.string({ maxLength: 12 }),
);

describe("plain caret ranges, decided without semver", () => {
  it("agree with semver wherever they answer, and answer for every ^MAJOR.MINOR.PATCH against a release", () => {
    fc.assert(
      fc.property(near, range, (version, text) => {
        const answer = plainCaretSatisfies(version, text);
        if (answer !== undefined) expect(answer).toBe(satisfies(version, text));
        if (/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.test(version) && isPlainCaretRange(text))
          expect(answer, `${version} in ${text}`).toBeDefined();
      }),
      { seed: 24, numRuns: 5000 },
    );
  });

  it("decide around each boundary as semver does", () => {
    const floors = ["0.0.3", "0.2.3", "1.2.3", "0.0.0", "0.1.0"];
    const bump = (v: string, i: number, by: number) =>
      v
        .split(".")
        .map((p, j) => (j === i ? Math.max(0, Number(p) + by) : j > i && by > 0 ? 0 : Number(p)))
        .join(".");
    for (const floor of floors)
      for (let i = 0; i < 3; i++)
        for (const by of [-1, 1])
          for (const version of [floor, bump(floor, i, by)])
            expect(plainCaretSatisfies(version, `^${floor}`), `${version} in ^${floor}`).toBe(
              satisfies(version, `^${floor}`),
            );
  });

  it("call only semver-valid ranges plain", () => {
    fc.assert(
      fc.property(range, (text) => {
        if (isPlainCaretRange(text)) expect(validRange(text)).not.toBeNull();
      }),
      { seed: 24, numRuns: 3000 },
    );
  });
});
