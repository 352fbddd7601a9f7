import { permanentError, type SinkError, TaxiwayError, transientError } from "@taxiway/core";

/** Protocol error ids (Kafka protocol error codes) that say the job's configuration is wrong: stop, do not retry. */
const CONFIGURATION_IDS = new Set([
  "TOPIC_AUTHORIZATION_FAILED",
  "CLUSTER_AUTHORIZATION_FAILED",
  "TRANSACTIONAL_ID_AUTHORIZATION_FAILED",
  "SASL_AUTHENTICATION_FAILED",
  "UNSUPPORTED_SASL_MECHANISM",
  "ILLEGAL_SASL_STATE",
  "UNKNOWN_TOPIC_OR_PARTITION",
  "INVALID_TOPIC_EXCEPTION",
  "CLIENT_REFUSED",
]);

/** Client error codes that name a protocol verdict: a refused login, a request the client itself refuses (unknown topic). */
const CLIENT_CODES: Record<string, string> = {
  PLT_KFK_AUTHENTICATION: "SASL_AUTHENTICATION_FAILED",
  PLT_KFK_USER: "CLIENT_REFUSED",
};

/** Protocol error ids that reject the messages themselves: a retry would fail the same way. */
const RECORD_IDS = new Set([
  "MESSAGE_TOO_LARGE",
  "RECORD_LIST_TOO_LARGE",
  "INVALID_RECORD",
  "CORRUPT_MESSAGE",
]);

interface ClientError extends Error {
  code?: string;
  id?: string;
  canRetry?: boolean;
  errors?: ClientError[];
}

/**
 * Every error inside a client error: the client nests per-broker and per-partition errors in AggregateErrors and
 * wraps the reason of a failed connection (a refused SASL login) as its `cause`.
 */
function leaves(error: ClientError | undefined): ClientError[] {
  if (!error || typeof error !== "object") return [];
  return [error, ...(error.errors ?? []).flatMap(leaves), ...leaves(error.cause as ClientError | undefined)];
}

/** The verdict on a failed produce or metadata call. */
export type KafkaFailure =
  | { kind: "configuration"; error: TaxiwayError }
  | { kind: "record"; error: SinkError }
  | { kind: "transient"; error: SinkError };

/**
 * Classifies an error of the Kafka client by its stable fields (`code`, the protocol error `id`, `canRetry`), never
 * its text: authentication/authorization and unknown topics are configuration errors, oversized or invalid records
 * are record errors, everything else (network, timeouts, leader changes) is transient.
 */
export function classifyKafkaError(error: unknown, topic: string): KafkaFailure {
  const found = leaves(error as ClientError);
  const ids = found.map((e) => e.id ?? CLIENT_CODES[e.code ?? ""]);
  const configuration = ids.find((id) => id !== undefined && CONFIGURATION_IDS.has(id));
  if (configuration)
    return {
      kind: "configuration",
      error: new TaxiwayError(
        configuration === "CLIENT_REFUSED"
          ? `kafka: the client refused to produce to topic ${topic} (an unknown topic: create it first)`
          : `kafka: the broker refused ${configuration === "UNKNOWN_TOPIC_OR_PARTITION" ? `topic ${topic} (create it first)` : `the client (${configuration})`}`,
        {
          code: `KAFKA_${configuration}`,
          retryable: false,
          details: { topic },
          cause: error,
        },
      ),
    };
  const record = ids.find((id) => id !== undefined && RECORD_IDS.has(id));
  if (record)
    return {
      kind: "record",
      error: permanentError(`kafka: the broker rejected the messages (${record})`, {
        code: `KAFKA_${record}`,
        cause: error,
      }),
    };
  const code = ids.find((id) => id !== undefined) ?? found[0]?.code ?? "KAFKA_UNKNOWN";
  return {
    kind: "transient",
    error: transientError(`kafka: request failed (${code})`, {
      code: code.startsWith("KAFKA_") ? code : `KAFKA_${code}`,
      cause: error,
    }),
  };
}
