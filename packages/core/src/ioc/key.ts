import { hash } from "node:crypto";

/** The stable key sinks use as document id: the same STIX object and observable always give the same key. */
export function iocKey(stixId: string, type: string, value: string): string {
  return hash("sha256", `${stixId}\u0000${type}\u0000${value}`, "hex").slice(0, 40);
}
