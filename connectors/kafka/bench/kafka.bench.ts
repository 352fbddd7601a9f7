// Kafka sink ingest throughput against a raw producer baseline in the same run: the same client
// (@platformatic/kafka), the same idempotent producer with acks=all, the same messages and batch sizes, sent
// back to back without taxiway (no record encoding, no outcomes). Rounds alternate sink and baseline on fresh
// topics of a one-node Kafka 4.1 (test/peers/install.d/kafka.sh); the ratio is the median of the per-round ratios.
import { Admin, Producer } from "@platformatic/kafka";
import { connector, iocMessage } from "@taxiway/connector-kafka";
import { sampleRecords, testSinkContext } from "@taxiway/testkit";
import { findInstalledPeer, startKafkaPeer } from "@taxiway/testkit/fixtures";

const PAGE = 1000;
const TOTAL = 50_000;
const ROUNDS = 5;
const BATCH_BYTES = 524_288;

const dir = findInstalledPeer("kafka-4.1.1", ".taxiway-installed");
if (typeof dir !== "string") {
  console.error(`kafka bench skipped: ${dir.skip}`);
  process.exit(0);
}
const broker = await startKafkaPeer({ dir });
const pages = Array.from({ length: TOTAL / PAGE }, (_, i) => sampleRecords(PAGE, i * PAGE));
const admin = new Admin({ clientId: "taxiway-bench", bootstrapBrokers: [broker.bootstrap] });
let topicNumber = 0;

async function freshTopic(): Promise<string> {
  const topic = `bench-${++topicNumber}`;
  await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
  return topic;
}

/** The sink as the runner drives it: write a page, flush, next page. */
async function sinkRate(): Promise<number> {
  const topic = await freshTopic();
  const sink = connector.create({ brokers: [broker.bootstrap], topic }, testSinkContext());
  await sink.open();
  const started = performance.now();
  for (const page of pages) {
    await sink.write(page);
    await sink.flush();
  }
  const seconds = (performance.now() - started) / 1000;
  await sink.close();
  return TOTAL / seconds;
}

/** The raw producer: the same messages, pre-encoded, cut at the same byte size, each send awaited. */
async function baselineRate(): Promise<number> {
  const topic = await freshTopic();
  const producer = new Producer<Buffer, Buffer, Buffer, Buffer>({
    clientId: "taxiway-bench-raw",
    bootstrapBrokers: [broker.bootstrap],
    idempotent: true,
    acks: -1,
  });
  const batches = pages.map((page) => {
    const cut: ReturnType<typeof iocMessage>[][] = [[]];
    let bytes = 0;
    for (const record of page) {
      const message = iocMessage(record, "hec");
      const size = 32 + message.key.length + (message.value?.length ?? 0);
      if (bytes + size > BATCH_BYTES && (cut.at(-1)?.length ?? 0) > 0) {
        cut.push([]);
        bytes = 0;
      }
      cut.at(-1)?.push(message);
      bytes += size;
    }
    return cut.map((messages) =>
      messages.map((m) => ({
        topic,
        key: m.key,
        value: m.value as Buffer,
        headers: new Map(Object.entries(m.headers).map(([name, value]) => [Buffer.from(name), value])),
      })),
    );
  });
  const started = performance.now();
  for (const page of batches) for (const messages of page) await producer.send({ messages });
  const seconds = (performance.now() - started) / 1000;
  await producer.close();
  return TOTAL / seconds;
}

try {
  await sinkRate(); // warm-up: connections, JIT
  await baselineRate();
  const sinks: number[] = [];
  const baselines: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const sink = await sinkRate();
    const baseline = await baselineRate();
    sinks.push(sink);
    baselines.push(baseline);
    ratios.push(sink / baseline);
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  console.log(
    `BENCH ${JSON.stringify({
      bench: "kafka",
      metric: `sink ingest, ${TOTAL / 1000}k records in pages of ${PAGE} (acks=all, idempotent)`,
      value: median(sinks),
      unit: "records/s",
      baseline: median(baselines),
      ratio: median(ratios),
      note: `raw producer, same client and messages pre-encoded; median of ${ROUNDS} alternating rounds`,
    })}`,
  );
} finally {
  await admin.close();
  await broker.stop();
}
