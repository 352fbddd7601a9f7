// Types of the module scripts/precompile-validators.mjs generates into dist/precompiled/ at build time.
import type { JsonSchema, RawValidate } from "@taxiway/core/config";

/** Loaders of the generated job validators (one per bundled connector type), by the key of their schema. */
export declare const PRECOMPILED: Readonly<
  Record<string, () => Promise<{ validate: RawValidate; schemaKey: string; schemaText: string }>>
>;

/** Loaders of each bundled connector's config schema, by connector type. */
export declare const CONNECTOR_SCHEMAS: Readonly<Record<string, () => Promise<{ configSchema: JsonSchema }>>>;
