import { checkpointConfigSchema } from "../checkpoint/config-schema.js";
import { IOC_TYPES } from "../ioc/record.js";
import type { ConnectorDescriptor, JsonSchema } from "../sink/index.js";
import type { SourceDescriptor } from "../source/descriptor.js";
import { BUNDLED_SOURCES } from "../source/registry.js";
import { sourceSchema } from "../source/schema.js";
import { CRON_FORMAT } from "./schedule.js";
import { durationSchema } from "./units.js";

/** What the job schema takes from a sink connector: the `type` a job names it by and its config schema. */
export type SinkConnectorSchema = Pick<ConnectorDescriptor<never>, "type" | "configSchema">;

const TLP = ["clear", "white", "green", "amber", "amber+strict", "red"];

const filtersSchema = {
  type: "object",
  additionalProperties: false,
  description: "What reaches the sinks.",
  properties: {
    object_types: {
      type: "array",
      items: { type: "string" },
      description: "STIX object types to process (default all).",
    },
    ioc_types: {
      type: "array",
      items: { enum: [...IOC_TYPES] },
      description: "IOC types to keep (default all).",
    },
    min_confidence: {
      type: "integer",
      minimum: 0,
      maximum: 100,
      description: "Drop IOCs below this confidence.",
    },
    max_tlp: {
      enum: TLP,
      description: "Drop IOCs marked more restrictively than this TLP (1.0 and 2.0 markings).",
    },
    revoked: {
      enum: ["delete", "drop"],
      default: "delete",
      description: "Revoked indicators: forward as deletions, or drop.",
    },
    expired: {
      enum: ["delete", "drop"],
      default: "delete",
      description: "Indicators past valid_until: deletions, or drop.",
    },
    expire_after: durationSchema("Expiry for indicators without valid_until, from `modified`, e.g. 90d."),
  },
};

/** Core's part of the job schema: everything but the sinks' own keys. */
export function coreJobSchema(
  sinkItems: JsonSchema,
  source: JsonSchema = sourceSchema([...BUNDLED_SOURCES.values()]),
): JsonSchema {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://taxiway.dev/schema/job.json",
    title: "taxiway job",
    type: "object",
    additionalProperties: false,
    required: ["name", "source", "sinks"],
    not: { required: ["schedule", "interval"] },
    properties: {
      name: {
        type: "string",
        pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$",
        description: "Job name: the checkpoint and lock key.",
      },
      feed: {
        type: "string",
        minLength: 1,
        description: "Feed name stamped on every record (default: name).",
      },
      source,
      schedule: {
        type: "string",
        format: CRON_FORMAT,
        description:
          "For `taxiway serve`: when the job runs, in cron syntax evaluated in UTC: 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, e.g. '*/15 * * * *'. Instead of `interval`.",
      },
      interval: durationSchema(
        "For `taxiway serve`: time from the end of one run to the start of the next (at least 1s; default watch.interval, else 15m). Instead of `schedule`.",
      ),
      checkpoint: checkpointConfigSchema,
      dead_letter: {
        type: "object",
        additionalProperties: false,
        description: "Objects and records that cannot be delivered, one JSON line each with the reason.",
        properties: {
          path: {
            type: "string",
            minLength: 1,
            description: "NDJSON file (default ./state/<name>.dead-letter.ndjson).",
          },
        },
      },
      filters: filtersSchema,
      extract: {
        type: "object",
        additionalProperties: false,
        description: "How STIX patterns and objects become IOCs.",
        properties: {
          refang: {
            type: "boolean",
            default: true,
            description:
              "Extract defanged values in their live form (hxxp -> http, [.] (.) -> ., [:] -> :, [@] -> @), keeping the feed's text in value_original. false: defanged hosts, e-mails and URLs are refused (INVALID_VALUE).",
          },
        },
      },
      delivery: {
        type: "object",
        additionalProperties: false,
        description: "How pages reach the sinks.",
        properties: {
          prefetch: {
            type: "integer",
            minimum: 0,
            maximum: 16,
            default: 1,
            description:
              "Pages fetched, decoded and extracted ahead while the sinks write and the page before commits (0: page by page).",
          },
          worker: {
            type: "boolean",
            default: false,
            description:
              "true: run the source (fetch, JSON parse, paging, decode, extract, filter) in a worker thread, so the main thread only delivers and commits. Pays where the main thread is the bottleneck and a core is free (a fast server elsewhere, several cores); it costs about 30 % more CPU and 60 MiB more memory. Bundled sources only; plugin sources stay on the main thread.",
          },
          retries: {
            type: "integer",
            minimum: 0,
            maximum: 50,
            default: 5,
            description: "Retries of transient sink failures.",
          },
          batch_size: {
            type: "integer",
            minimum: 1,
            maximum: 100000,
            default: 5000,
            description: "Records per sink write.",
          },
          commit_every: {
            type: "object",
            additionalProperties: false,
            description:
              "Group commit: the sinks are flushed (fsync, acknowledgements) and the checkpoint committed after this many pages or once this long has passed since the last commit, whichever comes first, and always at the end of a collection. A crash re-delivers at most the uncommitted pages (sinks are idempotent). Default: every page.",
            properties: {
              pages: { type: "integer", minimum: 1, maximum: 10000, default: 1 },
              interval: durationSchema("Longest time between commits while pages flow, e.g. 5s."),
            },
          },
        },
      },
      logging: {
        type: "object",
        additionalProperties: false,
        description: "Log output (stderr).",
        properties: {
          level: { enum: ["trace", "debug", "info", "warn", "error", "fatal", "silent"], default: "info" },
          format: {
            enum: ["json", "pretty", "auto"],
            default: "auto",
            description: "auto: pretty on a terminal, JSON otherwise.",
          },
        },
      },
      watch: {
        type: "object",
        additionalProperties: false,
        description: "For `taxiway run --watch`.",
        properties: {
          interval: durationSchema("Time between polls (default 15m, at least 1s)."),
          jitter: {
            type: "number",
            minimum: 0,
            maximum: 1,
            default: 0.1,
            description: "Random share of the interval added.",
          },
          sweep_interval: durationSchema(
            "How often --watch removes (or flags) expired IOCs from the sinks, between polls too (default 1h).",
          ),
          grace: durationSchema(
            "After SIGTERM/SIGINT, how long the page in flight may take before exiting anyway (default 30s).",
          ),
          listen: {
            type: "string",
            pattern: "^[^:]+:\\d+$",
            description: "host:port for /healthz and Prometheus /metrics in watch mode, e.g. 127.0.0.1:9464.",
          },
        },
      },
      sinks: {
        type: "array",
        minItems: 1,
        items: sinkItems,
        description: "Where IOCs go. One poll feeds every sink.",
      },
    },
  };
}

/** The sink item schema: `type` picks the connector's own schema (plus `type` and `id`). */
export function sinkItemsSchema(connectors: readonly SinkConnectorSchema[]): JsonSchema {
  const description = "Connector: a bundled type, a package name or a path.";
  const schema: JsonSchema = {
    type: "object",
    required: ["type"],
    properties: {
      type:
        connectors.length > 0
          ? { enum: connectors.map((c) => c.type), description }
          : { type: "string", description },
    },
  };
  // JSON Schema forbids an empty allOf; with no loadable connector the type problem is reported by the loader.
  if (connectors.length > 0) schema.allOf = connectors.map(connectorBranch);
  return schema;
}

function connectorBranch(connector: SinkConnectorSchema): JsonSchema {
  const own = connector.configSchema as { properties?: Record<string, unknown>; required?: string[] };
  return {
    if: { properties: { type: { const: connector.type } } },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
    then: {
      ...own,
      properties: {
        ...own.properties,
        type: { const: connector.type },
        id: { type: "string", pattern: "^[A-Za-z0-9._-]+$", description: "Sink id (its checkpoint key)." },
      },
      additionalProperties: false,
    },
  };
}

/** The whole job schema: core's keys, `source:` by the bundled sources (and `extraSources`), `sinks:` by `connectors`. */
export function buildJobSchema(
  connectors: readonly SinkConnectorSchema[],
  extraSources: readonly SourceDescriptor[] = [],
): JsonSchema {
  const sources = new Map(BUNDLED_SOURCES);
  for (const source of extraSources) sources.set(source.type, source);
  return coreJobSchema(sinkItemsSchema(connectors), sourceSchema([...sources.values()]));
}
