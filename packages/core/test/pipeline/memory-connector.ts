import { allDelivered, type ConnectorDescriptor, defineConnector, type IocRecord } from "@taxiway/core";

/** A sink connector (type `memory`) that keeps every record it is given in `held`; its state is the count held. */
export function memoryConnector(held: IocRecord[]): ConnectorDescriptor {
  return defineConnector({
    type: "memory",
    version: "1.0.0",
    coreVersion: "^0.1.0",
    configSchema: { type: "object", additionalProperties: false, properties: {} },
    create: () => ({
      type: "memory",
      check: async () => ({ ok: true, message: "memory" }),
      open: async () => {},
      write: async (records: readonly IocRecord[]) => {
        held.push(...records);
        return allDelivered(records.length);
      },
      flush: async () => ({ count: held.length }),
      close: async () => {},
    }),
  }) as ConnectorDescriptor;
}
