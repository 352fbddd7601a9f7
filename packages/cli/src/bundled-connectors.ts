import { BUNDLED_CONNECTORS, type ConnectorDescriptor, loadConnector } from "@taxiway/core";

/** Every bundled connector that loads, by type, plus the problems of those that do not. */
export async function loadBundledConnectors(): Promise<{
  connectors: ConnectorDescriptor[];
  problems: string[];
}> {
  const connectors: ConnectorDescriptor[] = [];
  const problems: string[] = [];
  for (const type of Object.keys(BUNDLED_CONNECTORS)) {
    try {
      connectors.push(await loadConnector(type));
    } catch (error) {
      problems.push(`${type}: ${(error as Error).message}`);
    }
  }
  return { connectors, problems };
}
