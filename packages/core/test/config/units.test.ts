import { parseDuration, parseSize } from "@taxiway/core";
import { describe, expect, it } from "vitest";

describe("durations and sizes: one parser each (parse-duration, bytes)", () => {
  it.each([
    ["15m", 900_000],
    ["30d", 2_592_000_000],
    ["500ms", 500],
    ["5", 5],
    ["1h 30m", 5_400_000],
    ["10 minutes", 600_000],
    [250, 250],
  ])("duration %j → %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["soon", "", "-5m", -1, Number.NaN])("not a duration: %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it.each([
    ["64kb", 65_536],
    ["64KiB", 65_536],
    ["256mb", 268_435_456],
    ["1gb", 1_073_741_824],
    ["1024", 1024],
    [4096, 4096],
  ])("size %j → %d bytes", (text, size) => {
    expect(parseSize(text)).toBe(size);
  });

  it.each(["abc", "", "-1kb"])("not a size: %j", (text) => {
    expect(parseSize(text)).toBeUndefined();
  });
});
