import { prefetch } from "@taxiway/core";
import { describe, expect, it } from "vitest";

describe("prefetch", () => {
  it("holds a failure fetched ahead and throws it in order, on the item it belongs to, never as an unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      async function* pages() {
        yield 1;
        throw Object.assign(new Error("TAXII 401"), { code: "TAXII_HTTP_401" });
      }
      const seen: number[] = [];
      const run = async () => {
        for await (const page of prefetch(pages(), 1)) {
          // While page 1 is "delivered", page 2's fetch fails; let the event loop see the rejection.
          for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
          seen.push(page);
        }
      };
      await expect(run()).rejects.toMatchObject({ code: "TAXII_HTTP_401" });
      expect(seen).toEqual([1]);
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
