import { readFile } from "node:fs/promises";
import type { StixObject } from "@taxiway/core";

/** Reads a STIX bundle file (or a bare JSON array of objects). */
export async function readBundleFile(path: string): Promise<StixObject[]> {
  const parsed = JSON.parse(await readFile(path, "utf8")) as unknown;
  if (Array.isArray(parsed)) return parsed as StixObject[];
  const objects = (parsed as { objects?: unknown }).objects;
  if (!Array.isArray(objects)) throw new Error(`${path}: not a STIX bundle (no objects list)`);
  return objects as StixObject[];
}
