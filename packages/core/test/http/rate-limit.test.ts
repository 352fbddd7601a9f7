import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/http/rate-limit.js";

describe("RateLimiter", () => {
  it("lets `requests` through per sliding interval and makes the rest wait their turn, in order", async () => {
    let now = 0;
    const limiter = new RateLimiter(2, 1000, () => now);
    const started: number[] = [];
    const all = [0, 1, 2, 3, 4].map((i) => limiter.acquire().then(() => started.push(i)));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(started).toEqual([0, 1]);
    now = 1000;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(started).toEqual([0, 1, 2, 3]);
    now = 2000;
    await Promise.all(all);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it("an abort ends the wait with an error instead of hanging", async () => {
    const limiter = new RateLimiter(1, 60_000);
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow(/aborted/);
  });
});
