import type { JsonSchema } from "../sink/index.js";

/** Collects every value in `config` that its schema marks `"x-secret": true` (walking properties, items, oneOf/anyOf/allOf/then). */
export function secretValues(schema: JsonSchema | undefined, value: unknown, into: string[] = []): string[] {
  if (!schema || value === undefined || value === null) return into;
  if (schema["x-secret"] === true) {
    if (typeof value === "string") into.push(value);
    else if (typeof value === "object")
      for (const v of Object.values(value)) if (typeof v === "string") into.push(v);
    return into;
  }
  for (const key of ["oneOf", "anyOf", "allOf"]) {
    const branches = schema[key];
    if (Array.isArray(branches))
      for (const branch of branches) secretValues(branch as JsonSchema, value, into);
  }
  if (schema.then) secretValues(schema.then as JsonSchema, value, into);
  if (Array.isArray(value)) {
    for (const item of value) secretValues(schema.items as JsonSchema | undefined, item, into);
  } else if (typeof value === "object") {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const [key, child] of Object.entries(value as Record<string, unknown>))
      secretValues(properties[key], child, into);
  }
  return into;
}
