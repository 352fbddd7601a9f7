import {
  allDelivered,
  type ConnectorDescriptor,
  defineConnector,
  type IocRecord,
  type Sink,
} from "@taxiway/core";

/**
 * A sink connector (type `memory`) for pipeline tests. By default it keeps every record it is given in `held` and
 * its state is `{count}`; a test that needs failures, rejections or another state passes its own `write`/`flush`.
 */
export function memoryConnector(
  held: IocRecord[],
  overrides: Partial<Pick<Sink, "write" | "flush">> = {},
): ConnectorDescriptor {
  return defineConnector({
    type: "memory",
    version: "1.0.0",
    coreVersion: "^0.1.0",
    configSchema: { type: "object", additionalProperties: false, properties: {} },
    create: () => ({
      type: "memory",
      check: async () => ({ ok: true, message: "memory" }),
      open: async () => {},
      write:
        overrides.write ??
        (async (records: readonly IocRecord[]) => {
          held.push(...records);
          return allDelivered(records.length);
        }),
      flush: overrides.flush ?? (async () => ({ count: held.length })),
      close: async () => {},
    }),
  }) as ConnectorDescriptor;
}
