/**
 * `@taxiway/core/extract`: STIX pattern → IOC extraction without the rest of core (no HTTP client, pipeline, logging
 * or checkpoint stores): what `taxiway extract` loads. The main entry exports all of it too.
 */
export * from "../ioc/index.js";
export { PatternSyntaxError } from "../stix/pattern/errors.js";
export type { StixObject } from "../stix/types.js";
