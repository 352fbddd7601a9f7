import { describe, expect, it } from "vitest";
import { isValidRange, satisfiesVersionRange } from "../../src/index.js";

describe("coreVersion ranges", () => {
  it.each([
    ["0.1.0", "^0.1.0", true],
    ["0.1.5", "^0.1.0", true],
    ["0.2.0", "^0.1.0", false],
    ["1.4.2", "^1.2.3", true],
    ["2.0.0", "^1.2.3", false],
    ["1.2.9", "~1.2.3", true],
    ["1.3.0", "~1.2.3", false],
    ["0.1.0", ">=0.1.0 <1", true],
    ["1.0.0", ">=0.1.0 <1", false],
    ["1.9.9", "1.x", true],
    ["3.0.0", "*", true],
    ["1.3.0", "1.2.3 - 1.4", true],
    ["1.5.0", "1.2.3 - 1.4", false],
    ["5.0.0", "^1 || ^5", true],
    ["1.0.0-beta.1", "^1.0.0", false],
    ["0.1.0", "0.1.0", true],
  ])("%s in %s → %s", (version, range, expected) => {
    expect(satisfiesVersionRange(version, range)).toBe(expected);
  });

  it("rejects text that is not a range", () => {
    expect(isValidRange("not a range")).toBe(false);
    expect(isValidRange("^1.2.3")).toBe(true);
  });
});
