import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TaxiwayError, type WriteResult } from "@taxiway/core";
import { recordingLogger, sampleRecord, sampleRecords, testSinkContext } from "@taxiway/testkit";
import {
  generatedIndicators,
  type KafkaPeer,
  startTaxiiServer,
  type TaxiiServer,
} from "@taxiway/testkit/fixtures";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { connector, type KafkaSinkConfig } from "../src/index.js";
import { createTopic, endOffset, latestPerKey, readTopic, SASL_USER, startBroker } from "./broker.js";

const BIN = fileURLToPath(new URL("../../../packages/cli/dist/bin.js", import.meta.url));
const broker = await startBroker();

function sinkFor(config: KafkaSinkConfig, logger = recordingLogger()) {
  return connector.create(config, testSinkContext({ logger, job: "kafka-test" }));
}

if ("skip" in broker) {
  describe.skip(`kafka sink on a real broker: ${broker.skip}`, () => it("needs a broker", () => {}));
} else {
  afterAll(() => broker.stop());

  describe("kafka sink on a real Kafka 4.1 broker (KRaft)", () => {
    it("a record is a message keyed by the record key, its value JSON, its headers the feed and the STIX id; a delete is a tombstone", async () => {
      await createTopic(broker.bootstrap, "semantics");
      const sink = sinkFor({ brokers: [broker.bootstrap], topic: "semantics" });
      await sink.open();
      const record = sampleRecord(1);
      const deleted = { ...sampleRecord(2), action: "delete" as const, revoked: true };
      const result = await sink.write([record, sampleRecord(2), deleted]);
      expect(result.outcomes.map((o) => o.status)).toEqual(["delivered", "delivered", "delivered"]);
      await sink.flush();
      await sink.close();
      const messages = await readTopic(broker.bootstrap, "semantics");
      expect(messages.map((m) => m.key)).toEqual([record.key, deleted.key, deleted.key]);
      expect(messages[0]?.value).toMatchObject({
        ioc_key: record.key,
        ioc_type: "ipv4",
        ioc_value: record.value,
      });
      expect(messages[0]?.headers).toMatchObject({
        "taxiway-feed": "conformance",
        "stix-id": record.stix_id,
        "taxiway-modified": record.modified,
        "taxiway-action": "upsert",
      });
      expect(messages[2]?.value, "a delete is a tombstone").toBeNull();
      expect(messages[2]?.headers["taxiway-action"]).toBe("delete");
      expect([...latestPerKey(messages).keys()]).toEqual([record.key]);
    });

    it("value_format: ecs writes the ECS threat.indicator document the Elasticsearch sink writes", async () => {
      await createTopic(broker.bootstrap, "ecs");
      const sink = sinkFor({ brokers: [broker.bootstrap], topic: "ecs", value_format: "ecs" });
      await sink.write([sampleRecord(3)]);
      await sink.close();
      const [message] = await readTopic(broker.bootstrap, "ecs");
      expect(message?.value).toMatchObject({
        event: { kind: "enrichment", category: ["threat"], type: ["indicator"] },
        threat: { indicator: { type: "ipv4-addr", ip: sampleRecord(3).value } },
      });
    });

    it("flush() resolves with every message acknowledged: a fresh consumer reads the whole page right after", async () => {
      await createTopic(broker.bootstrap, "acked");
      const sink = sinkFor({ brokers: [broker.bootstrap], topic: "acked", max_batch_bytes: "64kb" });
      const records = sampleRecords(3000);
      const result = await sink.write(records);
      expect(result.outcomes.every((o) => o.status === "delivered")).toBe(true);
      await sink.flush();
      expect((await readTopic(broker.bootstrap, "acked")).map((m) => m.key)).toEqual(
        records.map((r) => r.key),
      );
      await sink.close();
    });

    for (const mechanism of ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] as const)
      it(`SASL ${mechanism}: authenticates and writes`, async () => {
        const topic = `sasl-${mechanism.toLowerCase()}`;
        await createTopic(broker.bootstrap, topic);
        const sink = sinkFor({
          brokers: [broker.saslBootstrap as string],
          topic,
          sasl: { mechanism, ...SASL_USER },
        });
        expect((await sink.check()).ok).toBe(true);
        expect((await sink.write([sampleRecord(4)])).outcomes[0]?.status).toBe("delivered");
        await sink.close();
        expect(await readTopic(broker.bootstrap, topic)).toHaveLength(1);
      });

    it("TLS: verifies the broker's certificate against ca_file and writes; an untrusted certificate is refused", async () => {
      await createTopic(broker.bootstrap, "tls");
      const trusted = sinkFor({
        brokers: [broker.tlsBootstrap as string],
        topic: "tls",
        tls: { ca_file: broker.caFile as string },
      });
      expect((await trusted.check()).ok).toBe(true);
      expect((await trusted.write([sampleRecord(9)])).outcomes[0]?.status).toBe("delivered");
      await trusted.close();
      expect(await readTopic(broker.bootstrap, "tls")).toHaveLength(1);
      const untrusted = sinkFor({
        brokers: [broker.tlsBootstrap as string],
        topic: "tls",
        tls: true,
        timeout: "3s",
      });
      expect((await untrusted.check()).ok, "a self-signed certificate is not trusted by default").toBe(false);
      await untrusted.close();
    });

    it("a wrong SASL password: check() and write() fail as configuration errors, never retried, and the password is never logged", async () => {
      const password = "wrong-password-for-the-logs";
      const logger = recordingLogger();
      const sink = sinkFor(
        {
          brokers: [broker.saslBootstrap as string],
          topic: "sasl-plain",
          sasl: { mechanism: "SCRAM-SHA-256", username: SASL_USER.username, password },
        },
        logger,
      );
      const checked = await sink.check();
      expect(checked.ok).toBe(false);
      expect(checked.details?.retryable).toBe(false);
      const error = await sink.write([sampleRecord(5)]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TaxiwayError);
      expect((error as TaxiwayError).retryable).toBe(false);
      await sink.close();
      const seen = JSON.stringify({
        checked,
        logged: logger.lines,
        message: (error as Error).message,
        details: (error as TaxiwayError).details,
      });
      expect(seen).not.toContain(password);
    });

    it("a topic that does not exist: check() and write() say so as a configuration problem", async () => {
      const sink = sinkFor({ brokers: [broker.bootstrap], topic: "no-such-topic" });
      const checked = await sink.check();
      expect(checked).toMatchObject({ ok: false, configuration: true });
      expect(checked.message).toContain("no-such-topic");
      const error = await sink.write([sampleRecord(7)]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TaxiwayError);
      expect((error as TaxiwayError).retryable, "an unknown topic stops the job, it is not retried").toBe(
        false,
      );
      await sink.close();
    });
  });

  describe("kill -9 mid-run and restart (the taxiway binary, a compacted topic)", () => {
    const COUNT = 10_000;
    let server: TaxiiServer;
    beforeAll(async () => {
      server = await startTaxiiServer({
        collections: [{ id: "big", title: "Big", objects: generatedIndicators(COUNT, 11) }],
      });
    });
    afterAll(() => server?.close());

    async function jobFile(dir: string, topic: string): Promise<string> {
      const path = join(dir, `${topic}.yaml`);
      await writeFile(
        path,
        `name: kill-restart
checkpoint: { path: ./state/${topic}.json }
source: { type: taxii, url: "${server.url}", collection: big, page_size: 100 }
logging: { level: warn }
sinks:
  - { type: kafka, brokers: ["${(broker as KafkaPeer).bootstrap}"], topic: ${topic} }
`,
      );
      return path;
    }

    /**
     * Runs the job; with `killAbove`, SIGKILLs it as soon as the topic holds more than that many messages (polled:
     * the kill lands while pages are being written, whatever the machine's speed). Resolves with the exit code
     * (null when killed).
     */
    function run(path: string, topic: string, killAbove?: bigint): Promise<number | null> {
      return new Promise((resolve) => {
        const child = spawn(process.execPath, [BIN, "run", path], { stdio: "ignore" });
        let exited = false;
        const poll = async () => {
          while (!exited && killAbove !== undefined) {
            if ((await endOffset((broker as KafkaPeer).bootstrap, topic)) > killAbove) child.kill("SIGKILL");
            await new Promise((r) => setTimeout(r, 50));
          }
        };
        void poll();
        child.on("exit", (code) => {
          exited = true;
          resolve(code);
        });
      });
    }

    it("8 kills at seeded points while pages are written, then a final run, the topic's latest value per key equals an uninterrupted run's", async () => {
      const dir = await mkdtemp(join(tmpdir(), "taxiway-kafka-kill-"));
      onTestFinished(() => rm(dir, { recursive: true, force: true }));
      await createTopic(broker.bootstrap, "reference");
      await createTopic(broker.bootstrap, "killed");
      expect(await run(await jobFile(dir, "reference"), "reference")).toBe(0);
      const killed = await jobFile(dir, "killed");
      let state = 20_26;
      let midRun = 0;
      let held = 0n;
      for (let kill = 0; kill < 8; kill++) {
        state = (state * 1103515245 + 12345) & 0x7fffffff;
        const code = await run(killed, "killed", held + 200n + BigInt(state % 1000));
        const now = await endOffset(broker.bootstrap, "killed");
        // Killed (no exit code) after it had written some pages: the kill landed mid-run.
        if (code === null && now > held) midRun++;
        held = now;
      }
      expect(midRun, "kills landed while pages were being written").toBeGreaterThanOrEqual(3);
      expect(await run(killed, "killed")).toBe(0);
      const expected = latestPerKey(await readTopic(broker.bootstrap, "reference"));
      const written = await readTopic(broker.bootstrap, "killed");
      const actual = latestPerKey(written);
      expect(expected.size).toBeGreaterThanOrEqual(COUNT);
      expect(new Set(actual.keys())).toEqual(new Set(expected.keys()));
      for (const [key, message] of expected) expect(actual.get(key)?.value, key).toEqual(message.value);
    }, 240_000);
  });

  describe("a broker that goes away", () => {
    it("writes report every record transient (the runner retries; the checkpoint does not move)", async () => {
      await createTopic(broker.bootstrap, "outage");
      const sink = sinkFor({ brokers: [broker.bootstrap], topic: "outage", timeout: "3s" });
      expect((await sink.write([sampleRecord(6)])).outcomes[0]?.status).toBe("delivered");
      await broker.stop();
      const result = await sink.write(sampleRecords(5, 10)).catch((error: unknown) => error);
      if (result instanceof Error) expect((result as TaxiwayError).retryable).toBe(true);
      else
        expect((result as WriteResult).outcomes.map((o) => o.status)).toEqual(new Array(5).fill("transient"));
      await sink.close();
    }, 120_000);
  });
}
