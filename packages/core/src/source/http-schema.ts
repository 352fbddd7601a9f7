import type { TaxiiSourceConfig } from "../taxii/source-config.js";
import { taxiiSourceSchema } from "../taxii/source-schema.js";

/** The HTTP keys a URL-reading source shares with the TAXII source (same names, same meaning). */
export type HttpSourceSettings = Pick<
  TaxiiSourceConfig,
  "auth" | "tls" | "proxy" | "timeouts" | "retries" | "max_response_bytes" | "headers"
>;

const SHARED = ["auth", "tls", "proxy", "timeouts", "retries", "max_response_bytes", "headers"] as const;

/** The JSON Schema of those keys, taken from the TAXII source's schema so both stay one definition. */
export const httpSourceProperties: Record<string, unknown> = Object.fromEntries(
  SHARED.map((key) => [key, taxiiSourceSchema.properties[key]]),
);
