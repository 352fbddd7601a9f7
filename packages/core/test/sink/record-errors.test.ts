import { describe, expect, it } from "vitest";
import {
  allFailed,
  failed,
  httpStatusError,
  SinkError,
  summarizeOutcomes,
  transientError,
} from "../../src/index.js";

describe("sink error helpers", () => {
  it("classifies HTTP statuses: 429/503 transient, 400 permanent, with stable codes", () => {
    expect(httpStatusError(429, "slow down").retryable).toBe(true);
    expect(httpStatusError(503, "busy").code).toBe("HTTP_503");
    const rejected = httpStatusError(400, "bad doc");
    expect(rejected).toBeInstanceOf(SinkError);
    expect(rejected.retryable).toBe(false);
    expect(failed(rejected).status).toBe("permanent");
  });

  it("reports a whole-batch failure per record", () => {
    const result = allFailed(3, transientError("reset", { code: "NETWORK_RESET" }));
    expect(summarizeOutcomes(result)).toEqual({ delivered: 0, transient: 3, permanent: 0 });
  });
});
