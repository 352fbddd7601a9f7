import { Admin, Producer, type ProducerOptions } from "@platformatic/kafka";
import type { ResolvedKafkaConfig } from "./config.js";

type ConnectionSettings = Pick<
  ProducerOptions<Buffer, Buffer, Buffer, Buffer>,
  | "clientId"
  | "bootstrapBrokers"
  | "tls"
  | "sasl"
  | "timeout"
  | "connectTimeout"
  | "requestTimeout"
  | "retries"
  | "retryDelay"
>;

/** Connection settings shared by the producer and the admin client: brokers, TLS, SASL, timeouts, bounded retries. */
export function connectionSettings(config: ResolvedKafkaConfig): ConnectionSettings {
  return {
    clientId: config.clientId,
    bootstrapBrokers: config.brokers,
    timeout: config.timeoutMs,
    connectTimeout: Math.min(config.timeoutMs, 10_000),
    requestTimeout: config.timeoutMs,
    // The client's own retries stay short and bounded (the idempotent producer would default to retrying forever):
    // the runner's retry with backoff is the one that waits out a broker outage.
    retries: 3,
    retryDelay: 250,
    ...(config.tls ? { tls: config.tls } : {}),
    ...(config.sasl
      ? {
          sasl: {
            mechanism: config.sasl.mechanism,
            username: config.sasl.username,
            password: config.sasl.password,
          },
        }
      : {}),
  };
}

/** The idempotent producer with acks=all (the client forces both together): no duplicates from its own retries. */
export function idempotentProducer(config: ResolvedKafkaConfig): Producer<Buffer, Buffer, Buffer, Buffer> {
  return new Producer<Buffer, Buffer, Buffer, Buffer>({
    ...connectionSettings(config),
    idempotent: true,
    acks: -1,
    autocreateTopics: false,
  });
}

export function adminClient(config: ResolvedKafkaConfig): Admin {
  return new Admin(connectionSettings(config));
}
