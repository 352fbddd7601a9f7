import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { javaHome } from "./java.js";
import { startPeerProcess } from "./peer-process.js";

export interface KafkaPeerOptions {
  /** The installed broker (findInstalledPeer("kafka-4.1.1", ".taxiway-installed")): its `libs/` holds the jars. */
  dir: string;
  /**
   * Users of a second, SASL_PLAINTEXT listener (PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 for each). Omitted: the
   * broker has only its PLAINTEXT listener.
   */
  saslUsers?: Record<string, string>;
  /** Adds an SSL listener with a self-signed certificate for 127.0.0.1 (made with openssl in the peer's home). */
  tls?: boolean;
}

export interface KafkaPeer {
  /** `127.0.0.1:PORT` of the PLAINTEXT listener. */
  bootstrap: string;
  /** `127.0.0.1:PORT` of the SASL_PLAINTEXT listener, when saslUsers was given. */
  saslBootstrap?: string;
  /** `127.0.0.1:PORT` of the SSL listener and the PEM file of its certificate (the CA to trust), when tls was set. */
  tlsBootstrap?: string;
  caFile?: string;
  stop(): Promise<void>;
}

const STARTED = "Kafka Server started";

const LOG_CONFIG = `Configuration:
  Appenders:
    File:
      name: FILE
      fileName: "\${sys:taxiway.kafka.log}"
      PatternLayout:
        pattern: "[%d] %p %m (%c)%n"
  Loggers:
    Root:
      level: WARN
      AppenderRef:
        - ref: FILE
    Logger:
      - name: kafka.server.KafkaRaftServer
        level: INFO
`;

function serverProperties(
  home: string,
  ports: { plain: number; controller: number; sasl?: number; tls?: number },
  users?: Record<string, string>,
): string {
  const listeners = [`PLAINTEXT://127.0.0.1:${ports.plain}`, `CONTROLLER://127.0.0.1:${ports.controller}`];
  const advertised = [`PLAINTEXT://127.0.0.1:${ports.plain}`];
  const protocols = ["PLAINTEXT:PLAINTEXT", "CONTROLLER:PLAINTEXT"];
  const lines = [
    "process.roles=broker,controller",
    "node.id=1",
    `controller.quorum.voters=1@127.0.0.1:${ports.controller}`,
    "controller.listener.names=CONTROLLER",
    "inter.broker.listener.name=PLAINTEXT",
    `log.dirs=${join(home, "data")}`,
    "num.partitions=1",
    "offsets.topic.replication.factor=1",
    "transaction.state.log.replication.factor=1",
    "transaction.state.log.min.isr=1",
    "group.initial.rebalance.delay.ms=0",
    "auto.create.topics.enable=false",
    // Compaction runs often enough for the tests to see it, on a small heap.
    "log.cleaner.backoff.ms=1000",
    "log.cleaner.dedupe.buffer.size=4194304",
  ];
  if (users && ports.sasl) {
    listeners.push(`SASL_PLAINTEXT://127.0.0.1:${ports.sasl}`);
    advertised.push(`SASL_PLAINTEXT://127.0.0.1:${ports.sasl}`);
    protocols.push("SASL_PLAINTEXT:SASL_PLAINTEXT");
    const plainUsers = Object.entries(users)
      .map(([name, password]) => `user_${name}="${password}"`)
      .join(" ");
    lines.push(
      "sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512",
      `listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`,
      "listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;",
      "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;",
    );
  }
  if (ports.tls) {
    listeners.push(`SSL://127.0.0.1:${ports.tls}`);
    advertised.push(`SSL://127.0.0.1:${ports.tls}`);
    protocols.push("SSL:SSL");
    lines.push("ssl.keystore.type=PEM", `ssl.keystore.location=${join(home, "keystore.pem")}`);
  }
  lines.push(
    `listeners=${listeners.join(",")}`,
    `advertised.listeners=${advertised.join(",")}`,
    `listener.security.protocol.map=${protocols.join(",")}`,
  );
  return `${lines.join("\n")}\n`;
}

/** A self-signed certificate for 127.0.0.1 (cert.pem) and the broker's PEM keystore (key and certificate). */
function selfSignedCertificate(home: string): void {
  const key = join(home, "key.pem");
  const cert = join(home, "cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      key,
      "-out",
      cert,
      "-days",
      "2",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ],
    { stdio: "pipe" },
  );
  writeFileSync(join(home, "keystore.pem"), readFileSync(key, "utf8") + readFileSync(cert, "utf8"));
}

/**
 * A one-node Apache Kafka (broker and KRaft controller in one process) on free loopback ports: formats a KRaft
 * storage directory in a temporary home (StorageTool, with the SCRAM credentials of `saslUsers`), starts
 * `kafka.Kafka` on a 512 MiB heap, and is ready once the server logs that it started. stop() ends it and removes
 * the home.
 */
export async function startKafkaPeer(options: KafkaPeerOptions): Promise<KafkaPeer> {
  const home = mkdtempSync(join(tmpdir(), "taxiway-kafka-"));
  const ports = {
    plain: await freePort(),
    controller: await freePort(),
    ...(options.saslUsers ? { sasl: await freePort() } : {}),
    ...(options.tls ? { tls: await freePort() } : {}),
  };
  if (options.tls) selfSignedCertificate(home);
  const properties = join(home, "server.properties");
  const log = join(home, "server.log");
  writeFileSync(properties, serverProperties(home, ports, options.saslUsers));
  writeFileSync(join(home, "log4j2.yaml"), LOG_CONFIG);
  const java = join(javaHome(process.env.KAFKA_JAVA_HOME) ?? "/usr", "bin/java");
  const classpath = join(options.dir, "libs/*");
  const jvm = [
    "-Xms256m",
    "-Xmx512m",
    `-Dlog4j2.configurationFile=${join(home, "log4j2.yaml")}`,
    `-Dtaxiway.kafka.log=${log}`,
    "-cp",
    classpath,
  ];
  const scram = Object.entries(options.saslUsers ?? {}).flatMap(([name, password]) =>
    ["SCRAM-SHA-256", "SCRAM-SHA-512"].flatMap((mechanism) => [
      "--add-scram",
      `${mechanism}=[name=${name},password=${password}]`,
    ]),
  );
  const clusterId = execFileSync(java, [...jvm, "kafka.tools.StorageTool", "random-uuid"], {
    encoding: "utf8",
  }).trim();
  execFileSync(
    java,
    [...jvm, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", properties, ...scram],
    { stdio: "pipe" },
  );
  const peer = await startPeerProcess("Kafka", java, [...jvm, "kafka.Kafka", properties], {
    timeoutMs: 120_000,
    intervalMs: 250,
    ready: async () => existsSync(log) && readFileSync(log, "utf8").includes(STARTED),
  });
  return {
    bootstrap: `127.0.0.1:${ports.plain}`,
    ...(ports.sasl ? { saslBootstrap: `127.0.0.1:${ports.sasl}` } : {}),
    ...(ports.tls ? { tlsBootstrap: `127.0.0.1:${ports.tls}`, caFile: join(home, "cert.pem") } : {}),
    stop: async () => {
      await peer.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
