import { writeFile } from "node:fs/promises";
import type { StixObject } from "@taxiway/core";

/** A STIX 2.1 bundle document around `objects`. */
export function bundleOf(
  objects: readonly StixObject[],
  id = "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
): string {
  return JSON.stringify({ type: "bundle", id, objects });
}

export async function writeBundle(path: string, objects: readonly StixObject[]): Promise<void> {
  await writeFile(path, bundleOf(objects));
}
