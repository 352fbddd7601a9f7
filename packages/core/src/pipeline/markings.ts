import type { TlpLevel } from "../ioc/record.js";
import type { StixObject } from "../stix/types.js";

const TLP_NAMES: Record<string, TlpLevel> = {
  white: "clear",
  clear: "clear",
  green: "green",
  amber: "amber",
  "amber+strict": "amber+strict",
  red: "red",
};

/**
 * Learns the TLP of marking-definition objects as they pass (TLP 1.0 `definition.tlp`, TLP 2.0 extension
 * `tlp_2_0`, or a `TLP:…` name; STIX 2.1 §7.2.1), for the extractor's context.
 */
export function learnMarking(object: StixObject, markings: Map<string, TlpLevel>): void {
  if (object.type !== "marking-definition") return;
  const definition = object.definition as { tlp?: unknown } | undefined;
  const extensions = object.extensions as Record<string, { tlp_2_0?: unknown }> | undefined;
  const named = typeof object.name === "string" ? /^TLP:\s*(.+)$/i.exec(object.name)?.[1] : undefined;
  const raw = definition?.tlp ?? Object.values(extensions ?? {}).find((e) => e?.tlp_2_0)?.tlp_2_0 ?? named;
  const level = typeof raw === "string" ? TLP_NAMES[raw.toLowerCase()] : undefined;
  if (level) markings.set(object.id, level);
}
