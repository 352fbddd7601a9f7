import { describe, expect, it } from "vitest";
import { itemOutcome } from "../src/bulk-items.js";

describe("bulk item outcomes", () => {
  it.each([
    [{ status: 201 }, "delivered"],
    [{ status: 200 }, "delivered"],
    [{ status: 409, error: { type: "version_conflict_engine_exception" } }, "delivered"],
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
