export { BundleStream, type BundleStreamOptions, type LocatedBundle } from "./bundle-stream.js";
export type { StixBundleSourceConfig } from "./config.js";
export { type BundleState, bundleStateOf } from "./cursor.js";
export { readBundleObjects } from "./read-objects.js";
export { stixBundleSourceSchema } from "./schema.js";
export { stixBundleSource } from "./source.js";
