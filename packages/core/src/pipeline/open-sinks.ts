import type { JobConfig } from "../config/job.js";
import { TaxiwayError } from "../errors/index.js";
import type { Logger } from "../logging/index.js";
import type { ConnectorDescriptor, Sink } from "../sink/index.js";

export interface JobSink {
  /** Id of the sink inside the job (`sinkIdOf`): the key of its state in the checkpoint. */
  id: string;
  /** The connector type (`elasticsearch`, `csv`, …). */
  type: string;
  sink: Sink;
  /** True when the connector declares `sweep` for this config (ConnectorDescriptor.sweep). */
  sweeps: boolean;
}

export function sinkIdOf(sink: { id?: string; type: string }, index: number): string {
  return sink.id ?? `${sink.type.replace(/[^A-Za-z0-9._-]+/g, "_")}-${index}`;
}

/**
 * Creates and opens the job's sinks in order, each with its committed state; with `onlySweeping`, only those that
 * declare `sweep` (what `taxiway sweep` needs). Throws CONNECTOR_NOT_FOUND for a type no loaded connector has; a sink
 * whose open fails is still returned through `into`, so the caller closes what was opened.
 */
export async function openSinks(
  options: {
    job: JobConfig;
    connectors: ReadonlyMap<string, ConnectorDescriptor>;
    states: Readonly<Record<string, unknown>>;
    baseDir: string;
    logger: Logger;
    signal?: AbortSignal;
    onlySweeping?: boolean;
  },
  into: JobSink[],
): Promise<void> {
  const { job } = options;
  for (const [index, config] of job.sinks.entries()) {
    const id = sinkIdOf(config, index);
    const descriptor = options.connectors.get(config.type);
    if (!descriptor)
      throw new TaxiwayError(`no connector loaded for sinks[${index}].type '${config.type}'`, {
        code: "CONNECTOR_NOT_FOUND",
        retryable: false,
      });
    const { type: _type, id: _id, ...own } = config;
    const sweeps = descriptor.sweep?.(own as never) ?? false;
    if (options.onlySweeping && !sweeps) continue;
    const sink = descriptor.create(own as never, {
      job: job.name,
      sinkId: id,
      logger: options.logger.child({ sink: id }),
      state: options.states[id],
      baseDir: options.baseDir,
      signal: options.signal ?? new AbortController().signal,
    });
    into.push({ id, type: config.type, sink, sweeps });
    await sink.open();
  }
}
