import type { TlpLevel } from "./record.js";

/** The well-known TLP marking-definition ids of STIX 2.1 (TLP 1.0) and of the TLP 2.0 extension. */
const WELL_KNOWN: Record<string, { level: TlpLevel; version: "1.0" | "2.0" }> = {
  "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": { level: "clear", version: "1.0" },
  "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": { level: "green", version: "1.0" },
  "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": { level: "amber", version: "1.0" },
  "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": { level: "red", version: "1.0" },
  "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487": { level: "clear", version: "2.0" },
  "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb": { level: "green", version: "2.0" },
  "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421": { level: "amber", version: "2.0" },
  "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003": { level: "amber+strict", version: "2.0" },
  "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1": { level: "red", version: "2.0" },
};

/** Shared by every object without a TLP marking (read only). */
const NO_TLP: { tlp?: TlpLevel; tlp_version?: "1.0" | "2.0" } = Object.freeze({});

const RANK: Record<TlpLevel, number> = { clear: 0, green: 1, amber: 2, "amber+strict": 3, red: 4 };

/** The most restrictive TLP among an object's marking refs (well-known ids, or ones seen in the feed). */
export function tlpOf(
  refs: unknown,
  seen?: ReadonlyMap<string, TlpLevel>,
): { tlp?: TlpLevel; tlp_version?: "1.0" | "2.0" } {
  if (!Array.isArray(refs)) return NO_TLP;
  let best: { level: TlpLevel; version?: "1.0" | "2.0" } | undefined;
  for (const ref of refs) {
    if (typeof ref !== "string") continue;
    const known = WELL_KNOWN[ref];
    const level = known?.level ?? seen?.get(ref);
    if (!level) continue;
    if (!best || RANK[level] > RANK[best.level]) best = { level, version: known?.version };
  }
  if (!best) return NO_TLP;
  return best.version ? { tlp: best.level, tlp_version: best.version } : { tlp: best.level };
}
