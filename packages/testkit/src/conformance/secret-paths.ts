type Schema = Record<string, unknown>;

/**
 * The schemas that may describe a dotted config path ("auth.password"): nested `properties`, looking into every
 * `oneOf` / `anyOf` / `allOf` alternative, since credentials are usually a choice of shapes.
 */
export function schemasAt(schema: Schema, path: string): Schema[] {
  let current: Schema[] = [schema];
  for (const part of path.split(".")) {
    current = current.flatMap(alternatives).flatMap((s) => {
      const child = (s.properties as Record<string, Schema> | undefined)?.[part];
      return child ? [child] : [];
    });
  }
  return current;
}

function alternatives(schema: Schema): Schema[] {
  const nested = ["oneOf", "anyOf", "allOf"].flatMap((k) => (schema[k] as Schema[] | undefined) ?? []);
  return [schema, ...nested.flatMap(alternatives)];
}

/** The value at a dotted path of a config object, if it is there. */
export function valueAt(config: unknown, path: string): unknown {
  let current: unknown = config;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
