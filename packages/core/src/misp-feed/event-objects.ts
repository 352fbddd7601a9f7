import type { StixObject } from "../stix/types.js";
import { MISP_PATTERNS } from "./attribute-pattern.js";

/** The parts of a MISP feed event (`<uuid>.json` → `{ Event }`) the mapping reads. */
export interface MispAttribute {
  uuid?: string;
  type?: string;
  value?: string;
  category?: string;
  to_ids?: boolean | string;
  deleted?: boolean | string;
  timestamp?: string | number;
  comment?: string;
  first_seen?: string | null;
  last_seen?: string | null;
  Tag?: Array<{ name?: string }>;
}
export interface MispEvent {
  uuid?: string;
  info?: string;
  timestamp?: string | number;
  Tag?: Array<{ name?: string }>;
  Attribute?: MispAttribute[];
  Object?: Array<{ Attribute?: MispAttribute[] }>;
}

/** TLP tags (`tlp:green`…) → the STIX 2.1 TLP 1.0 marking definitions (clear/white share one), TLP 2.0 for amber+strict. */
const TLP_MARKINGS: Readonly<Record<string, string>> = {
  "tlp:white": "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
  "tlp:clear": "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
  "tlp:green": "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
  "tlp:amber": "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
  "tlp:amber+strict": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
  "tlp:red": "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
};

const truthy = (value: unknown) => value === true || value === "1" || value === 1 || value === "true";
const isoFromEpoch = (value: unknown): string | undefined => {
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : undefined;
};

/**
 * One MISP event as STIX 2.1 indicators, one per mappable attribute (top-level and inside MISP objects), in event
 * order. `id` is `indicator--<attribute uuid>`, `created`/`modified` the attribute's timestamp; TLP tags (event's and
 * attribute's) become `object_marking_refs`, other tags `labels`; `to_ids: false` or `deleted: true` make the
 * indicator `revoked` (a delete in the sinks: MISP says not to detect on it). `skipped` counts attributes whose type has
 * no mapping, or that have no uuid or value.
 */
export function eventObjects(event: MispEvent): { objects: StixObject[]; skipped: number } {
  const attributes = [...(event.Attribute ?? []), ...(event.Object ?? []).flatMap((o) => o.Attribute ?? [])];
  const objects: StixObject[] = [];
  let skipped = 0;
  for (const attribute of attributes) {
    const toPattern = attribute.type ? MISP_PATTERNS[attribute.type] : undefined;
    const modified = isoFromEpoch(attribute.timestamp) ?? isoFromEpoch(event.timestamp);
    if (!toPattern || !attribute.uuid || typeof attribute.value !== "string" || !modified) {
      skipped++;
      continue;
    }
    const tags = [...(event.Tag ?? []), ...(attribute.Tag ?? [])]
      .map((tag) => tag.name)
      .filter((name): name is string => typeof name === "string" && name !== "");
    const markings = [
      ...new Set(tags.map((t) => TLP_MARKINGS[t.toLowerCase()]).filter((m) => m !== undefined)),
    ];
    const labels = [...new Set(tags.filter((t) => !TLP_MARKINGS[t.toLowerCase()]))];
    const revoked = !truthy(attribute.to_ids) || truthy(attribute.deleted);
    objects.push({
      type: "indicator",
      spec_version: "2.1",
      id: `indicator--${attribute.uuid}`,
      created: modified,
      modified,
      pattern: toPattern(attribute.value),
      pattern_type: "stix",
      valid_from: attribute.first_seen ?? modified,
      ...(attribute.last_seen ? { valid_until: attribute.last_seen } : {}),
      ...(event.info ? { name: event.info } : {}),
      ...(attribute.comment ? { description: attribute.comment } : {}),
      indicator_types: ["malicious-activity"],
      ...(labels.length > 0 ? { labels } : {}),
      ...(markings.length > 0 ? { object_marking_refs: markings } : {}),
      ...(attribute.category ? { x_misp_category: attribute.category } : {}),
      ...(revoked ? { revoked: true } : {}),
    });
  }
  return { objects, skipped };
}
