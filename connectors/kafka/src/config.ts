import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  ConfigError,
  durationSchema,
  type JsonSchema,
  parseDuration,
  sizeSchema,
  sizeSetting,
} from "@taxiway/core";

export type SaslMechanism = "PLAIN" | "SCRAM-SHA-256" | "SCRAM-SHA-512";

/** The `kafka` sink keys of a job file (README "Kafka sink"). */
export interface KafkaSinkConfig {
  brokers: string[];
  topic: string;
  client_id?: string;
  value_format?: "hec" | "ecs";
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  tls?:
    | boolean
    | {
        ca_file?: string;
        cert_file?: string;
        key_file?: string;
        key_password?: string;
        insecure?: boolean;
        servername?: string;
      };
  max_batch_bytes?: number | string;
  timeout?: string | number;
}

const brokerPattern = "^[^\\s:/]+:\\d{1,5}$";

export const configSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["brokers", "topic"],
  properties: {
    brokers: {
      type: "array",
      minItems: 1,
      items: { type: "string", pattern: brokerPattern },
      description: "Bootstrap brokers as host:port.",
    },
    topic: {
      type: "string",
      minLength: 1,
      maxLength: 249,
      pattern: "^[A-Za-z0-9._-]+$",
      description:
        "Topic the IOC records go to; make it compacted (cleanup.policy=compact) to hold the current state.",
    },
    client_id: { type: "string", minLength: 1, default: "taxiway", description: "Kafka client.id." },
    value_format: {
      enum: ["hec", "ecs"],
      default: "hec",
      description: "Message value shape: the Splunk HEC event fields (hec) or the ECS document (ecs).",
    },
    sasl: {
      type: "object",
      additionalProperties: false,
      required: ["mechanism", "username", "password"],
      properties: {
        mechanism: { enum: ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"], description: "SASL mechanism." },
        username: { type: "string", minLength: 1 },
        password: { type: "string", minLength: 1, "x-secret": true },
      },
    },
    tls: {
      description: "TLS to the brokers: true (system CAs) or the settings.",
      anyOf: [
        { type: "boolean" },
        {
          type: "object",
          additionalProperties: false,
          properties: {
            ca_file: { type: "string", description: "PEM file with the CA to trust." },
            cert_file: { type: "string", description: "PEM client certificate (mutual TLS)." },
            key_file: { type: "string", description: "PEM private key of the client certificate." },
            key_password: { type: "string", "x-secret": true, description: "Passphrase of key_file." },
            insecure: {
              type: "boolean",
              default: false,
              description: "Skip certificate verification (labs only).",
            },
            servername: {
              type: "string",
              description: "TLS server name (SNI) when it differs from the broker host.",
            },
          },
        },
      ],
    },
    max_batch_bytes: {
      ...sizeSchema(
        "Most message bytes in one produce request; keep below the broker's message.max.bytes (1 MiB).",
      ),
      default: 524_288,
    },
    timeout: durationSchema("Request timeout (default 30s)."),
  },
};

export interface ResolvedKafkaConfig {
  brokers: string[];
  topic: string;
  clientId: string;
  valueFormat: "hec" | "ecs";
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  tls?: {
    ca?: Buffer;
    cert?: Buffer;
    key?: Buffer;
    passphrase?: string;
    rejectUnauthorized: boolean;
    servername?: string;
  };
  maxBatchBytes: number;
  timeoutMs: number;
}

function readPem(path: string, key: string, baseDir: string): Buffer {
  try {
    return readFileSync(resolve(baseDir, path));
  } catch (error) {
    throw new ConfigError(
      `kafka: cannot read ${key} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      {
        code: "KAFKA_TLS_FILE",
        cause: error,
      },
    );
  }
}

/** Defaults applied and TLS files read (relative to the job file). Throws ConfigError for unreadable files. */
export function resolveConfig(config: KafkaSinkConfig, baseDir: string): ResolvedKafkaConfig {
  const tls = config.tls === true ? {} : config.tls === false ? undefined : config.tls;
  return {
    brokers: config.brokers,
    topic: config.topic,
    clientId: config.client_id ?? "taxiway",
    valueFormat: config.value_format ?? "hec",
    sasl: config.sasl,
    tls: tls && {
      rejectUnauthorized: !(tls.insecure ?? false),
      ...(tls.ca_file ? { ca: readPem(tls.ca_file, "tls.ca_file", baseDir) } : {}),
      ...(tls.cert_file ? { cert: readPem(tls.cert_file, "tls.cert_file", baseDir) } : {}),
      ...(tls.key_file ? { key: readPem(tls.key_file, "tls.key_file", baseDir) } : {}),
      ...(tls.key_password ? { passphrase: tls.key_password } : {}),
      ...(tls.servername ? { servername: tls.servername } : {}),
    },
    maxBatchBytes: sizeSetting(config.max_batch_bytes, "max_batch_bytes", {
      min: 1024,
      max: 100_000_000,
      fallback: 524_288,
    }),
    timeoutMs: config.timeout === undefined ? 30_000 : (parseDuration(config.timeout) ?? 30_000),
  };
}
