import type { StixObject } from "../stix/types.js";

const STIX_ID =
  /^[a-z0-9][a-z0-9-]*--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export interface UndecodableObject {
  object: unknown;
  code: "NOT_AN_OBJECT" | "MISSING_TYPE" | "MISSING_ID" | "BAD_ID";
  message: string;
}

/** Splits a page's objects into STIX objects the extractor can read and ones to dead-letter, with the reason. */
export function decodeObjects(objects: readonly unknown[]): {
  valid: StixObject[];
  invalid: UndecodableObject[];
} {
  const valid: StixObject[] = [];
  const invalid: UndecodableObject[] = [];
  for (const object of objects) {
    if (typeof object !== "object" || object === null || Array.isArray(object)) {
      invalid.push({ object, code: "NOT_AN_OBJECT", message: "a STIX object must be a JSON object" });
      continue;
    }
    const { type, id } = object as { type?: unknown; id?: unknown };
    if (typeof type !== "string" || type === "") {
      invalid.push({ object, code: "MISSING_TYPE", message: "the object has no type" });
    } else if (typeof id !== "string" || id === "") {
      invalid.push({ object, code: "MISSING_ID", message: `the ${type} object has no id` });
    } else if (!STIX_ID.test(id) || !id.startsWith(`${type}--`)) {
      invalid.push({ object, code: "BAD_ID", message: `id '${id.slice(0, 80)}' is not '${type}--<uuid>'` });
    } else {
      valid.push(object as StixObject);
    }
  }
  return { valid, invalid };
}
