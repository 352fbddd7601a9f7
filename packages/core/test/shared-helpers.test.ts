import { describe, expect, it } from "vitest";
import { backoffDelay, batchBy, parseRetryAfter } from "../src/index.js";

describe("batchBy", () => {
  it("cuts by count and by bytes, keeping order and never emitting empty batches", () => {
    const batches = [...batchBy([5, 5, 5, 20, 1, 1], { maxCount: 3, maxBytes: 12 }, (n) => n)];
    expect(batches).toEqual([[5, 5], [5], [20], [1, 1]]);
  });
});

describe("backoff", () => {
  it("grows exponentially within the cap, with full jitter", () => {
    expect(backoffDelay(0, { baseMs: 100, random: () => 0.999 })).toBe(99);
    expect(backoffDelay(3, { baseMs: 100, random: () => 0.5 })).toBe(400);
    expect(backoffDelay(20, { baseMs: 100, maxMs: 1000, random: () => 0.5 })).toBe(500);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });
});
