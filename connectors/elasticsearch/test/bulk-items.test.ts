import { describe, expect, it } from "vitest";
import { itemOutcome } from "../src/bulk-items.js";

describe("bulk item outcomes", () => {
  it.each([
    [{ status: 201 }, "delivered"],
    [{ status: 200 }, "delivered"],
    [
      {
        status: 409,
        error: {
          type: "version_conflict_engine_exception",
          reason:
            "[k]: version conflict, current version [3554006400123456] is higher or equal to the one provided [3554006400123456]",
        },
      },
      "delivered",
    ],
    [
      {
        status: 409,
        error: {
          type: "version_conflict_engine_exception",
          reason:
            "[k]: version conflict, current version [3554006400123458] is higher or equal to the one provided [3554006400123457]",
        },
      },
      "delivered",
    ],
    [{ status: 409, error: { type: "version_conflict_engine_exception" } }, "permanent"],
    [
      {
        status: 409,
        error: {
          type: "version_conflict_engine_exception",
          reason:
            "[k]: version conflict, required seqNo [4], primary term [1]. current document has seqNo [5]",
        },
      },
      "permanent",
    ],
    [{ status: 404 }, "delivered"],
    [{ status: 429, error: { type: "es_rejected_execution_exception" } }, "transient"],
    [{ status: 503, error: { type: "unavailable_shards_exception" } }, "transient"],
    [{ status: 403, error: { type: "cluster_block_exception" } }, "transient"],
    [
      { status: 400, error: { type: "mapper_parsing_exception", reason: "failed to parse field [ip]" } },
      "permanent",
    ],
    [{ status: 400, error: { type: "document_parsing_exception" } }, "permanent"],
  ])("%j is %s", (item, status) => {
    expect(itemOutcome(item).status).toBe(status);
  });

  it("a 409 that does not show a same-or-newer stored version is rejected with ES_VERSION_CONFLICT", () => {
    const outcome = itemOutcome({ status: 409, error: { type: "version_conflict_engine_exception" } });
    expect(outcome.status === "permanent" && outcome.error.code).toBe("ES_VERSION_CONFLICT");
  });

  it("a missing item is transient: the record is retried, never lost", () => {
    expect(itemOutcome(undefined).status).toBe("transient");
  });

  it("a permanent outcome names the reason for the dead-letter file", () => {
    const outcome = itemOutcome({
      status: 400,
      error: { type: "mapper_parsing_exception", reason: "bad ip" },
    });
    expect(outcome.status === "permanent" && outcome.error.message).toContain(
      "mapper_parsing_exception: bad ip",
    );
  });
});
