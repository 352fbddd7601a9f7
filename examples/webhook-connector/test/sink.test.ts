import { sampleRecords, testSinkContext } from "@taxiway/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { connector } from "../src/index.js";
import { Receiver } from "./receiver.js";

const receiver = await Receiver.start("unit-token-value");
afterAll(() => receiver.close());

describe("webhook", () => {
  it("splits a page into requests of batch_size and upserts by key", async () => {
    const sink = connector.create(
      { url: receiver.url, token: receiver.token, batch_size: 7 },
      testSinkContext(),
    );
    await sink.open();
    const result = await sink.write(sampleRecords(30));
    await sink.close();
    expect(result.outcomes.every((o) => o.status === "delivered")).toBe(true);
    expect(receiver.held.size).toBe(30);
  });

  it("check() says when the token is rejected", async () => {
    const sink = connector.create({ url: receiver.url, token: "nope" }, testSinkContext());
    const result = await sink.check();
    expect(result.ok).toBe(false);
    expect(result.message).toContain("credentials rejected");
  });
});
