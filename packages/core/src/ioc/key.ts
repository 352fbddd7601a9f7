import { createHash } from "node:crypto";

/** The stable key sinks use as document id: the same STIX object and observable always give the same key. */
export function iocKey(stixId: string, type: string, value: string): string {
  return createHash("sha256")
    .update(stixId)
    .update("\u0000")
    .update(type)
    .update("\u0000")
    .update(value)
    .digest("hex")
    .slice(0, 40);
}
