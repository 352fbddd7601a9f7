import { createLogger, type IocRecord } from "@taxiway/core";
import { sampleRecords, testSinkContext } from "@taxiway/testkit";
import { HecReceiver, type HecReceiverOptions } from "@taxiway/testkit/fixtures";
import { afterEach, describe, expect, it } from "vitest";
import { judge } from "../src/hec-response.js";
import { connector, hecEvent, type SplunkHecConfig } from "../src/index.js";

const TOKEN = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
let receiver: HecReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function setup(options: Partial<HecReceiverOptions> = {}, config: Partial<SplunkHecConfig> = {}) {
  receiver = await HecReceiver.start({
    tokens: { [TOKEN]: { ack: config.ack ?? false, indexes: ["threat"] } },
    ...options,
  });
  const lines: string[] = [];
  const logger = createLogger({
    level: "debug",
    format: "json",
    destination: { write: (l: string) => lines.push(l) },
  });
  const sink = connector.create(
    { url: receiver.url, token: TOKEN, index: "threat", ...config },
    testSinkContext({ logger }),
  );
  await sink.open();
  return { receiver, sink, lines };
}

const statuses = (outcomes: { status: string }[]) => outcomes.map((o) => o.status);

describe("splunk-hec sink", () => {
  it("sends gzip'ed events with the Splunk token, time in epoch seconds with milliseconds, CIM field names", async () => {
    const { receiver, sink } = await setup({}, { fields: { feed: "partner", tags: ["a", "b"] } });
    const records = sampleRecords(3);
    const result = await sink.write(records);
    expect(statuses(result.outcomes)).toEqual(["delivered", "delivered", "delivered"]);
    await sink.close();
    const first = receiver.events[0];
    expect(first?.index).toBe("threat");
    expect(first?.sourcetype).toBe("taxiway:ioc");
    expect(first?.fields).toEqual({ feed: "partner", tags: ["a", "b"] });
    expect(first?.event).toMatchObject({
      ioc_key: records[0]?.key,
      ioc_type: records[0]?.type,
      action: "upsert",
    });
    expect(receiver.bodies[0]).toMatch(/^\{"time":\d{10}\.\d{3},/);
    expect(receiver.bodies[0]).not.toMatch(/e\+/);
  });

  it("never writes time in exponent notation", () => {
    const record = { ...(sampleRecords(1)[0] as IocRecord), modified: "2026-01-01T00:00:00Z" };
    const config = { sourcetype: "s", source: "x" } as never;
    expect(hecEvent(record, config)).toMatch(/^\{"time":1767225600\.000,/);
  });

  it("maps token, index and ack problems to config errors with what to do", async () => {
    receiver = await HecReceiver.start({ tokens: { [TOKEN]: { indexes: ["threat"] } } });
    const indexSink = connector.create({ url: receiver.url, token: TOKEN, index: "nope" }, testSinkContext());
    await expect(indexSink.write(sampleRecords(1))).rejects.toMatchObject({
      code: "CONFIG_HEC_INDEX",
      retryable: false,
    });
    await expect(indexSink.write(sampleRecords(1))).rejects.toThrow(/incorrect index 'nope'/);
    const ackOff = connector.create({ url: receiver.url, token: TOKEN, ack: true }, testSinkContext());
    await expect(ackOff.write(sampleRecords(1))).rejects.toThrow(
      /acknowledgement is disabled for this token .*set ack: false/,
    );
    const invalid = connector.create({ url: receiver.url, token: "not-the-token" }, testSinkContext());
    await expect(invalid.write(sampleRecords(1))).rejects.toMatchObject({
      code: "CONFIG_HEC_TOKEN_INVALID",
      retryable: false,
    });
    expect(await invalid.check()).toMatchObject({ ok: false });
    expect((await indexSink.check()).ok).toBe(true);
    expect(() => judge(400, { text: "Data channel is missing", code: 10 }, { url: "u" })).toThrow(
      /set ack: true on the sink/,
    );
    expect(() => judge(403, { text: "Token disabled", code: 1 }, { url: "u" })).toThrow(/token is disabled/);
  });

  it("marks busy (503 code 9) and internal errors (500 code 8) transient", async () => {
    const { sink } = await setup({ fault: (n) => (n === 1 ? "busy" : n === 2 ? "error" : undefined) });
    expect(new Set(statuses((await sink.write(sampleRecords(4))).outcomes))).toEqual(new Set(["transient"]));
    expect(new Set(statuses((await sink.write(sampleRecords(4))).outcomes))).toEqual(new Set(["transient"]));
    expect(new Set(statuses((await sink.write(sampleRecords(4))).outcomes))).toEqual(new Set(["delivered"]));
  });

  it("splits around an event Splunk rejects (invalid-event-number): the bad one dead-lettered, the rest delivered", async () => {
    const { receiver, sink } = await setup({}, { fields: { bad: 5 as unknown as string } });
    const result = await sink.write(sampleRecords(3));
    expect(statuses(result.outcomes)).toEqual(["permanent", "permanent", "permanent"]);
    expect(receiver.events).toHaveLength(0);
    await sink.close();
    const fine = await setup();
    const records = sampleRecords(5);
    (records[2] as IocRecord).modified = "x";
    const mixed = await fine.sink.write(records);
    expect(statuses(mixed.outcomes).every((s) => s === "delivered")).toBe(true);
  });

  it("halves the batch on 413 until it fits", async () => {
    const { receiver, sink } = await setup(
      { maxContentLength: 3000 },
      { gzip: false, max_batch_bytes: 100_000 },
    );
    const result = await sink.write(sampleRecords(20));
    expect(new Set(statuses(result.outcomes))).toEqual(new Set(["delivered"]));
    expect(receiver.events).toHaveLength(20);
    expect(receiver.bodies.length).toBeGreaterThan(2);
  });

  it("with ack: flush waits for every ackId; an ack that never comes makes it resend the batch", async () => {
    const { receiver, sink, lines } = await setup(
      { ackDelayMs: 150, fault: (n) => (n === 1 ? "lose-ack" : undefined) },
      { ack: true, ack_timeout: "300ms", max_batch_bytes: 4000 },
    );
    await sink.write(sampleRecords(10));
    const before = receiver.events.length;
    await sink.flush();
    expect(receiver.events.length).toBeGreaterThan(before);
    expect(lines.join("\n")).toMatch(/ack overdue; resending the batch/);
    const keys = new Set(receiver.events.map((e) => e.event.ioc_key));
    expect(keys.size).toBe(10);
  });

  it("keeps at most max_pending_acks batches unacknowledged (backpressure)", async () => {
    const { receiver, sink } = await setup(
      { ackDelayMs: 100 },
      { ack: true, max_pending_acks: 2, max_batch_bytes: 2000, max_in_flight: 1 },
    );
    await sink.write(sampleRecords(40));
    await sink.flush();
    expect(receiver.events).toHaveLength(40);
    expect(receiver.bodies.length).toBeGreaterThan(4);
  });
});
